package io.parley.ivr.node.to_agent;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.acd.AcdRequest;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.api.paging.Page;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import io.parley.ivr.node.testing.FakeFlowReferences;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import io.parley.ivr.node.testing.ScriptedHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ToAgentNodeTypeTest {

    private static final TransferOutcome AGENT_HUNG_UP = new TransferOutcome(true, TransferOutcome.AGENT_HUNG_UP, "1001");
    private static final TransferOutcome NOBODY_ONLINE = new TransferOutcome(false, TransferOutcome.NO_AGENT_ONLINE, null);
    private static final TransferOutcome NOBODY_ANSWERED = new TransferOutcome(false, TransferOutcome.NO_ANSWER, null);

    private final ToAgentNodeType node = new ToAgentNodeType();
    private final List<AcdRequest> queued = new ArrayList<>();
    private ScriptedHttpServer server;

    @Before
    public void startServer() throws IOException {
        server = new ScriptedHttpServer();
    }

    @After
    public void stopServer() {
        server.close();
    }

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("skill_group_ids", List.of(2955, 2956)), kv);
    }

    private void installAcd(TransferOutcome answer) {
        node.acd = request -> {
            queued.add(request);
            return answer;
        };
    }

    @Test
    public void toAgentHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void toAgentRequiresAtLeastOneSkillGroup() {
        assertProblem(node.validate(Map.of()), "skill_group_ids", "is required");
        assertProblem(node.validate(params("skill_group_ids", List.of())), "skill_group_ids", "at least 1");
        assertProblem(node.validate(params("skill_group_ids", List.of(0))), "skill_group_ids[0]", "skill group id");
        assertProblem(node.validate(params("skill_group_ids", List.of("sales"))), "skill_group_ids[0]", "skill group id");
        assertProblem(node.validate(params("skill_group_ids", List.of(7, 7))), "skill_group_ids[1]", "listed twice");
    }

    @Test
    public void toAgentRejectsSkillGroupsThatDoNotExist() {
        FakeFlowReferences refs = new FakeFlowReferences();
        refs.skillGroups.add(2955L);
        assertProblem(node.validate(params(), refs), "skill_group_ids[1]", "no skill group 2956");
        assertProblem(node.validate(params("skill_group_ids", List.of(2955), "overflow_skill_group_id", 9), refs),
                "overflow_skill_group_id", "no skill group 9");
    }

    @Test
    public void toAgentSpecifiedAgentUrlMustBeHttps() {
        assertProblem(node.validate(params("specified_agent_url", "http://crm.example.com/seat")),
                "specified_agent_url", "https URL");
        assertNoProblems(node.validate(params("specified_agent_url", "https://crm.example.com/seat")));
    }

    @Test
    public void toAgentRejectsMaxQueueWaitOutside1To14400Seconds() {
        assertProblem(node.validate(params("max_queue_wait_s", 0)), "max_queue_wait_s", "must be 1..14400");
        assertProblem(node.validate(params("max_queue_wait_s", 14401)), "max_queue_wait_s", "must be 1..14400");
    }

    @Test
    public void toAgentHandsTheCallerToTheAcdWithGroupsInOrderAndThreeHundredSecondsWait() {
        installAcd(AGENT_HUNG_UP);
        FakeNodeContext call = new FakeNodeContext(params("overflow_skill_group_id", 3000,
                "prompt", Map.of("text", "You are number ${WaitNo}")));
        assertEquals("next", node.execute(call));
        AcdRequest r = queued.get(0);
        assertEquals(List.of(2955L, 2956L), r.skillGroupIds());
        assertEquals(Long.valueOf(3000), r.overflowSkillGroupId());
        assertEquals(Duration.ofSeconds(300), r.maxQueueWait());
        assertEquals(Prompt.tts("You are number ${WaitNo}"), r.waitPrompt());
        assertEquals("s-1", r.sessionId());
        assertEquals("008613800000001", r.callerNumber());
        assertTrue("with an ACD, no phones are rung by the node", call.transfers.isEmpty());
        assertNull(call.status);
    }

    @Test
    public void toAgentWithNoAgentOnlineSetsTheStatusAndGoesOnAtNext() {
        installAcd(NOBODY_ONLINE);
        FakeNodeContext call = new FakeNodeContext(params());
        assertEquals("next", node.execute(call));
        assertEquals("no_agent_online", call.status);
    }

    @Test
    public void toAgentEndsTheFlowWhenTheCallerHangsUpInTheQueue() {
        installAcd(new TransferOutcome(false, TransferOutcome.CALLER_HUNG_UP, null));
        assertEquals(IvrNodeType.HANG_UP, node.execute(new FakeNodeContext(params())));
    }

    @Test
    public void toAgentWithoutAnAcdRingsTheGroupsInOrderThenTheOverflowGroup() {
        FakeNodeContext call = new FakeNodeContext(params("overflow_skill_group_id", 3000))
                .transfersEnd(NOBODY_ONLINE, NOBODY_ONLINE, AGENT_HUNG_UP);
        assertEquals("next", node.execute(call));
        assertEquals(List.of(new TransferTarget.SkillGroupQueue(2955, null), new TransferTarget.SkillGroupQueue(2956, null),
                new TransferTarget.SkillGroupQueue(3000, null)), call.transfers.stream().map(FakeNodeContext.Transfer::target).toList());
        assertNull(call.status);
    }

    /** The directory of an instance with these groups and phones, as the two services answer it. */
    private void directory(List<SkillGroup> groups, List<SipPhone> sipPhones) {
        node.skillGroups = (SkillGroupService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SkillGroupService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("get")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return groups.stream().filter(g -> g.id() == (long) args[1]).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no group " + args[1]));
                });
        node.phones = (SipPhoneService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SipPhoneService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("list")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return new Page<>(sipPhones, sipPhones.size());
                });
    }

    private static SkillGroup group(long id, List<SkillGroup.Member> agents, List<SkillGroup.Member> phones) {
        return new SkillGroup(id, 1000001, "g" + id, SkillGroup.TYPE_PHONE, RingingMode.SEQUENTIAL, 1, null, agents, phones);
    }

    private static SipPhone phoneOf(String extension, String agentId) {
        return new SipPhone(1, 1000001, extension, "p" + extension, new PhoneBinding(PhoneBinding.Type.AGENT, agentId,
                List.of()), "udp", null, PhoneRegistration.NOT_REGISTERED, Instant.EPOCH);
    }

    private static List<TransferTarget> targets(FakeNodeContext call) {
        return call.transfers.stream().map(FakeNodeContext.Transfer::target).toList();
    }

    @Test
    public void toAgentWithoutAnAcdRingsTheGroupsPhonesAndItsAgentsPhonesByPriority() {
        directory(List.of(group(2955, List.of(new SkillGroup.Member("100010", 3)),
                        List.of(new SkillGroup.Member("8002", 2), new SkillGroup.Member("8001", 1)))),
                List.of(phoneOf("8003", "100010"), phoneOf("8009", "999999")));
        FakeNodeContext call = new FakeNodeContext(params("skill_group_ids", List.of(2955)))
                .transfersEnd(NOBODY_ANSWERED, NOBODY_ANSWERED, AGENT_HUNG_UP);
        assertEquals("next", node.execute(call));
        assertEquals(List.of(new TransferTarget.Extension("8001"), new TransferTarget.Extension("8002"),
                new TransferTarget.Extension("8003")), targets(call));
        assertNull(call.status);
    }

    @Test
    public void toAgentWithoutAnAcdGoesOnToTheNextGroupWhenAGroupHasNoPhones() {
        directory(List.of(group(2955, List.of(), List.of()), group(2956, List.of(), List.of(new SkillGroup.Member("8005", 3)))),
                List.of());
        FakeNodeContext call = new FakeNodeContext(params()).transfersEnd(AGENT_HUNG_UP);
        assertEquals("next", node.execute(call));
        assertEquals(List.of(new TransferTarget.Extension("8005")), targets(call));
    }

    @Test
    public void toAgentWithoutAnAcdAndNoPhonesInAnyGroupRecordsNoAgentOnline() {
        directory(List.of(group(2955, List.of(), List.of())), List.of());
        FakeNodeContext call = new FakeNodeContext(params());
        assertEquals("next", node.execute(call));
        assertTrue("2956 does not exist any more: skipped", call.transfers.isEmpty());
        assertEquals("no_agent_online", call.status);
    }

    @Test
    public void toAgentWithoutAnAcdStopsAtTheFirstGroupThatAnswers() {
        FakeNodeContext call = new FakeNodeContext(params()).transfersEnd(AGENT_HUNG_UP);
        assertEquals("next", node.execute(call));
        assertEquals(1, call.transfers.size());
    }

    @Test
    public void toAgentWithoutAnAcdRecordsAgentNotAnsweredWhenPhonesRangUnanswered() {
        FakeNodeContext call = new FakeNodeContext(params()).transfersEnd(NOBODY_ANSWERED, NOBODY_ONLINE);
        assertEquals("next", node.execute(call));
        assertEquals("agent_not_answered", call.status);
    }

    @Test
    public void toAgentWithoutAnAcdRecordsNoAgentOnlineWhenNoGroupHadAnyone() {
        FakeNodeContext call = new FakeNodeContext(params()).transfersEnd(NOBODY_ONLINE, NOBODY_ONLINE);
        assertEquals("next", node.execute(call));
        assertEquals("no_agent_online", call.status);
    }

    @Test
    public void toAgentPlaysItsPromptWhileTransferring() {
        FakeNodeContext call = new FakeNodeContext(params("prompt", Map.of("text", "Please wait")))
                .transfersEnd(AGENT_HUNG_UP);
        node.execute(call);
        assertEquals(Prompt.tts("Please wait"), call.transfers.get(0).whileWaiting());
    }

    @Test
    public void toAgentAsksTheSpecifiedAgentCallbackAndPassesItsAgentsAndGroupToTheAcd() {
        installAcd(AGENT_HUNG_UP);
        server.answer(200, "{\"RequestId\":\"x\",\"ErrCode\":0,\"ErrMsg\":\"\",\"SeatEmails\":[\"bo@example.com\","
                + "\"al@example.com\"],\"SkillGroup\":4000}");
        FakeNodeContext call = new FakeNodeContext(params("specified_agent_url", server.url("/seat")));
        call.at("2026-12-07T10:00:00Z");
        node.execute(call);
        assertEquals(List.of("bo@example.com", "al@example.com"), queued.get(0).preferredAgentEmails());
        assertEquals(List.of(4000L), queued.get(0).skillGroupIds());
        String request = server.requests.get(0);
        assertTrue(request, request.startsWith("POST /seat?action=specifiedSeat&version=1 {\"RequestId\":\""));
        assertTrue(request, request.contains("\"Timestamp\":1796637600,\"SdkAppId\":1000001,\"SessionType\":\"tel\","
                + "\"User\":\"008613800000001\"}"));
    }

    @Test
    public void toAgentIgnoresACallbackAnswerWithANonZeroErrCode() {
        installAcd(AGENT_HUNG_UP);
        server.answer(200, "{\"ErrCode\":1,\"SeatEmails\":[\"bo@example.com\"],\"SkillGroup\":4000}");
        node.execute(new FakeNodeContext(params("specified_agent_url", server.url("/seat"))));
        assertEquals(List.of(2955L, 2956L), queued.get(0).skillGroupIds());
        assertTrue(queued.get(0).preferredAgentEmails().isEmpty());
    }

    @Test
    public void toAgentUsesItsGroupsWhenTheCallbackFails() {
        installAcd(AGENT_HUNG_UP);
        server.answer(502, "");
        node.execute(new FakeNodeContext(params("specified_agent_url", server.url("/seat"))));
        assertEquals(List.of(2955L, 2956L), queued.get(0).skillGroupIds());
        assertEquals("no retry", 1, server.requests.size());
    }
}
