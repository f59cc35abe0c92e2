package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.acd.Acd;
import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentPresence;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.event.AgentEvents;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.role.BuiltinRole;
import io.parley.api.role.RoleService;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.SettingsSection;
import io.parley.api.skillgroup.MemberDraft;
import io.parley.api.skillgroup.SkillGroupDraft;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The ACD through the real distribution (issue 12): a SIPp carrier calls a number bound to an
 * inbound flow whose to_agent node hands the caller to the ACD; the agents are logged in through
 * presence (one over REST with its own account) and their agent-bound SIP phones are SIPp UAS
 * scenarios that answer (and hang up) or let ring; Java RTP peers on both sides prove the bridge
 * carries each party's audio to the other. One container for the class; each test has its own
 * instance, agents and phones.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AcdIT {

    private static final String CARRIER_IP = "127.0.0.83";
    private static final int CALLER_LEVEL = 6000;
    private static final int AGENT_LEVEL = -6000;

    @Inject SipChannelService channels;
    @Inject InstanceService instances;
    @Inject IvrFlowService flows;
    @Inject SkillGroupService groups;
    @Inject AgentService agents;
    @Inject RoleService roles;
    @Inject SipPhoneService phones;
    @Inject AgentPresence presence;
    @Inject InstanceSettingsService settings;
    @Inject AuthenticationService auth;
    @Inject EventAdmin eventAdmin;
    @Inject BundleContext context;
    @Inject SessionFactory sessions;
    @Inject Acd acd;
    @Inject org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    private long instanceId;
    private long channel;
    private int peerPort;
    /** A second port of the carrier peer, for a second caller at the same time. */
    private int secondPeerPort;
    private String domain;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"),
                editConfigurationFilePut("etc/io.parley.acd.cfg", "reconcileSeconds", "1"));
    }

    @Before
    public void setUp() throws Exception {
        instanceId = instances.create("ACD " + unique(), "UTC").id();
        domain = instanceId + "." + phones.serverInfo().sipDomain();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, new String[] {"parley/call/*", AgentEvents.PRESENCE_CHANGED});
        listener = context.registerService(EventHandler.class, events::add, props);
        peerPort = Sipp.freePort(CARRIER_IP, false);
        do {
            secondPeerPort = Sipp.freePort(CARRIER_IP, false);
        } while (secondPeerPort == peerPort);
        channel = channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(CARRIER_IP, peerPort),
                        new SipChannelDraft.PeerDraft(CARRIER_IP, secondPeerPort)))).channel().id();
        // wrap-up of 2 s, ring timeout at the minimum
        settings.update(instanceId, SettingsSection.INBOUND, Map.of("restore_after_call_s", 2, "ring_timeout_s", 5));
    }

    @After
    public void tearDown() {
        if (listener != null) {
            listener.unregister();
        }
    }

    @Test
    public void aCallThroughToAgentReachesTheLongestIdleAgentsPhoneIsBridgedBothWaysAndWrapUpRestores() throws Exception {
        long group = group("sequential");
        Agent alice = agent(group, 3);
        Agent bob = agent(group, 3);
        // alice logs in herself over REST with her own account: idle first, so idle longest
        Api asAlice = Api.appliance().basic(alice.email, alice.password);
        Api.Answer in = asAlice.post("/instances/" + instanceId + "/agents/" + alice.id + "/presence",
                "{\"state\":\"available\"}");
        assertEquals(in.toString(), 200, in.status());
        assertEquals("available", in.json().get("state").asText());
        // an agent may not change another's presence; bad input names the field
        assertEquals(403, asAlice.post("/instances/" + instanceId + "/agents/" + bob.id + "/presence",
                "{\"state\":\"available\"}").status());
        Api.Answer bad = asAlice.post("/instances/" + instanceId + "/agents/" + alice.id + "/presence",
                "{\"state\":\"in_call\"}");
        assertEquals(422, bad.status());
        assertTrue(bad.toString(), bad.body().contains("state"));
        Thread.sleep(50);
        presence.login(instanceId, bob.id);

        String number = bind(flow(group, null, 60));
        try (RtpPeer caller = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL));
             RtpPeer alicePhone = new RtpPeer("127.0.0.1", AGENT_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL))) {
            Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(alice.phonePort).service(alice.ext)
                    .args("-key", "rtpport", Integer.toString(alicePhone.port()), "-d", "4000")
                    .timeout(Duration.ofSeconds(60)).start();
            Thread.sleep(300);
            Sipp.Running call = call(number, caller.port());
            awaitTrue("alice is in the call", () -> presence.current(instanceId, alice.id).state() == Presence.IN_CALL);
            awaitTrue("the caller hears alice and alice hears the caller",
                    () -> caller.count(AGENT_LEVEL) > 25 && alicePhone.count(CALLER_LEVEL) > 25);
            Sipp.Result agentSide = answering.await(Duration.ofSeconds(60));
            assertEquals(agentSide.toString(), 0, agentSide.exit());
            // the agent hung up: the flow goes on at next (End), which hangs up the caller
            Sipp.Result callerSide = call.await(Duration.ofSeconds(60));
            assertEquals(callerSide.toString(), 0, callerSide.exit());
        }
        String session = sessionOf(number);
        assertEquals(List.of(alice.id), agentsRung(session));
        assertEquals("offered", event(CallEvents.DEQUEUED, session).getProperty(CallEvents.OUTCOME));
        assertEquals(Long.valueOf(group), event(CallEvents.QUEUED, session).getProperty(CallEvents.SKILL_GROUP_ID));
        // wrap-up: after_call_work, then available again after restore_after_call_s (2 s)
        awaitTrue("alice in after-call work", () -> events.stream().anyMatch(e -> AgentEvents.PRESENCE_CHANGED.equals(e.getTopic())
                && alice.id.equals(e.getProperty(AgentEvents.AGENT_ID)) && "after_call_work".equals(e.getProperty(AgentEvents.PRESENCE))));
        awaitTrue("alice available again", () -> presence.current(instanceId, alice.id).state() == Presence.AVAILABLE);
        assertEquals(1, presence.callsAnsweredToday(instanceId, alice.id));
        JsonNode mine = asAlice.get("/instances/" + instanceId + "/agents/" + alice.id + "/presence").json();
        assertEquals(1, mine.get("calls_answered_today").asInt());
        assertTrue(mine.toString(), mine.get("seconds_today").has("in_call"));
    }

    @Test
    public void aRingTimeoutMovesOnToTheNextAgentAndPutsTheSilentOneOnBreak() throws Exception {
        settings.update(instanceId, SettingsSection.INBOUND, Map.of("break_after_ring_timeout", true));
        long group = group("sequential");
        Agent alice = agent(group, 3);
        Agent bob = agent(group, 3);
        presence.login(instanceId, alice.id);
        Thread.sleep(50);
        presence.login(instanceId, bob.id);
        String number = bind(flow(group, null, 60));
        try (RtpPeer caller = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL))) {
            Sipp.Running ringing = Sipp.scenario("fx_ring_cancel.xml").port(alice.phonePort).service(alice.ext)
                    .timeout(Duration.ofSeconds(60)).start();
            Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(bob.phonePort).service(bob.ext)
                    .args("-key", "rtpport", "40002", "-d", "1000").timeout(Duration.ofSeconds(60)).start();
            Thread.sleep(300);
            Sipp.Running call = call(number, caller.port());
            Sipp.Result aliceSide = ringing.await(Duration.ofSeconds(60));
            assertEquals("alice's phone rang until cancelled: " + aliceSide, 0, aliceSide.exit());
            assertEquals(0, answering.await(Duration.ofSeconds(60)).exit());
            assertEquals(0, call.await(Duration.ofSeconds(60)).exit());
        }
        String session = sessionOf(number);
        assertEquals(List.of(alice.id, bob.id), agentsRung(session));
        assertEquals("timeout", ringEnd(session, alice.id).getProperty(CallEvents.OUTCOME));
        PresenceState a = presence.current(instanceId, alice.id);
        assertEquals(Presence.ON_BREAK, a.state());
        assertEquals(PresenceState.RING_TIMEOUT_REASON, a.breakReason());
    }

    @Test
    public void simultaneousRingingRingsTwoPhonesAndCancelsTheLoser() throws Exception {
        long group = group("simultaneous");
        Agent alice = agent(group, 3);
        Agent bob = agent(group, 3);
        presence.login(instanceId, alice.id);
        presence.login(instanceId, bob.id);
        String number = bind(flow(group, null, 60));
        try (RtpPeer caller = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL))) {
            Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(alice.phonePort).service(alice.ext)
                    .args("-key", "rtpport", "40004", "-d", "1500").timeout(Duration.ofSeconds(60)).start();
            Sipp.Running loser = Sipp.scenario("fx_ring_cancel.xml").port(bob.phonePort).service(bob.ext)
                    .timeout(Duration.ofSeconds(60)).start();
            Thread.sleep(300);
            Sipp.Running call = call(number, caller.port());
            Sipp.Result bobSide = loser.await(Duration.ofSeconds(60));
            assertEquals("bob's phone was cancelled: " + bobSide, 0, bobSide.exit());
            assertEquals(0, answering.await(Duration.ofSeconds(60)).exit());
            assertEquals(0, call.await(Duration.ofSeconds(60)).exit());
        }
        String session = sessionOf(number);
        assertEquals(2, agentsRung(session).size());
        assertEquals("answered", ringEnd(session, alice.id).getProperty(CallEvents.OUTCOME));
        assertEquals("canceled", ringEnd(session, bob.id).getProperty(CallEvents.OUTCOME));
        awaitTrue("bob is available again", () -> presence.current(instanceId, bob.id).state() == Presence.AVAILABLE);
    }

    @Test
    public void afterTheMaximumWaitTheCallerOverflowsToTheOverflowGroup() throws Exception {
        long first = group("sequential");
        long overflow = group("sequential");
        Agent busy = agent(first, 3);
        Agent spare = agent(overflow, 3);
        presence.login(instanceId, busy.id);
        presence.set(instanceId, busy.id, Presence.BUSY, null); // online, so the call queues, but never free
        presence.login(instanceId, spare.id);
        String number = bind(flow(first, overflow, 3));
        try (RtpPeer caller = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL))) {
            Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(spare.phonePort).service(spare.ext)
                    .args("-key", "rtpport", "40006", "-d", "1000").timeout(Duration.ofSeconds(60)).start();
            Thread.sleep(300);
            Sipp.Running call = call(number, caller.port());
            awaitTrue("the waiting caller hears the hold music", () -> caller.count(RtpPeer.MUSIC) > 25);
            assertEquals(0, answering.await(Duration.ofSeconds(60)).exit());
            assertEquals(0, call.await(Duration.ofSeconds(60)).exit());
        }
        String session = sessionOf(number);
        List<Object> dequeued = events.stream().filter(e -> CallEvents.DEQUEUED.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))).map(e -> e.getProperty(CallEvents.OUTCOME)).toList();
        assertEquals(List.of("overflow", "offered"), dequeued);
        assertEquals(List.of(spare.id), agentsRung(session));
    }

    @Test
    public void aPolicyBundleStoppedMidRunFallsBackToLongestIdleAndComesBack() throws Exception {
        settings.update(instanceId, SettingsSection.INBOUND, Map.of("basic_routing", "skill_group_priority"));
        long group = group("sequential");
        Agent low = agent(group, 5);
        Agent high = agent(group, 1);
        presence.login(instanceId, low.id);   // idle longest, but priority 5
        Thread.sleep(50);
        presence.login(instanceId, high.id);
        String number = bind(flow(group, null, 60));
        assertEquals("the policy routes by priority", high.id, answeredCall(number, high, low));
        Bundle policy = bundle("parley-acd-policy-skill-group-priority");
        policy.stop();
        try {
            awaitTrue("high is available again", () -> presence.current(instanceId, high.id).state() == Presence.AVAILABLE);
            // high became idle after low: longest idle is low now
            assertEquals("longest idle while the policy is away", low.id, answeredCall(number, low, high));
            String status = shell("parley:status");
            assertTrue(status, status.contains("skill_group_priority is NOT INSTALLED"));
        } finally {
            policy.start();
        }
        awaitTrue("low is available again", () -> presence.current(instanceId, low.id).state() == Presence.AVAILABLE);
        assertEquals("the policy is back", high.id, answeredCall(number, high, low));
        assertTrue(!shell("parley:status").contains("skill_group_priority is NOT INSTALLED"));
    }

    @Test
    public void anAgentLeftInACallThatDoesNotExistIsRepairedAndCounted() throws Exception {
        long group = group("sequential");
        Agent alice = agent(group, 3);
        presence.login(instanceId, alice.id);
        long before = repairs();  // (uses the Acd registered now: another test may have re-activated it)
        // a lost event: the agent's call was answered, and its end never arrives
        eventAdmin.sendEvent(new Event(CallEvents.ANSWERED, Map.of(CallEvents.AGENT_ID, alice.id,
                CallEvents.SESSION_ID, "lost-" + unique(), CallEvents.INSTANCE_ID, instanceId)));
        assertEquals(Presence.IN_CALL, presence.current(instanceId, alice.id).state());
        awaitTrue("the reconciler repaired alice", () -> presence.current(instanceId, alice.id).state() != Presence.IN_CALL);
        awaitTrue("alice available after wrap-up", () -> presence.current(instanceId, alice.id).state() == Presence.AVAILABLE);
        assertTrue(repairs() > before);
        assertTrue(shell("parley:status").contains("reconciler repaired"));
    }

    @Test
    public void anAgentOfTwoGroupsGetsTheCallerWhoHasWaitedLongestAcrossThem() throws Exception {
        long sales = group("sequential");
        long support = group("sequential");
        Agent both = agent(sales, 3);
        groups.addAgents(instanceId, support, List.of(new MemberDraft(both.id, 3)));
        presence.login(instanceId, both.id);
        presence.set(instanceId, both.id, Presence.BUSY, null);  // online: callers queue for it
        String salesNumber = bind(flow(sales, null, 90));
        String supportNumber = bind(flow(support, null, 90));
        try (RtpPeer first = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL));
             RtpPeer second = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL))) {
            // the support caller queues first, the sales caller after it
            Sipp.Running longest = call(supportNumber, first.port());
            String longestSession = queuedIn(support);
            Sipp.Running later = call(salesNumber, second.port(), secondPeerPort);
            String laterSession = queuedIn(sales);
            Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(both.phonePort).service(both.ext)
                    .args("-key", "rtpport", "40010", "-d", "1000").timeout(Duration.ofSeconds(60)).start();
            Thread.sleep(300);
            presence.set(instanceId, both.id, Presence.AVAILABLE, null);
            assertEquals(0, answering.await(Duration.ofSeconds(60)).exit());
            assertEquals(0, longest.await(Duration.ofSeconds(60)).exit());
            assertEquals(List.of(both.id), agentsRung(longestSession));
            assertEquals("the later caller is still waiting", List.of(), agentsRung(laterSession));
            // after wrap-up the agent takes the other caller
            Sipp.Running again = Sipp.scenario("phone_answer_hangup.xml").port(both.phonePort).service(both.ext)
                    .args("-key", "rtpport", "40012", "-d", "1000").timeout(Duration.ofSeconds(60)).start();
            assertEquals(0, again.await(Duration.ofSeconds(60)).exit());
            assertEquals(0, later.await(Duration.ofSeconds(60)).exit());
            assertEquals(List.of(both.id), agentsRung(laterSession));
        }
    }

    @Test
    public void fewestCallsTodayPicksTheAgentWhoAnsweredLessEvenIfIdleShorter() throws Exception {
        settings.update(instanceId, SettingsSection.INBOUND, Map.of("basic_routing", "fewest_calls"));
        long group = group("sequential");
        Agent busier = agent(group, 3);
        Agent fresher = agent(group, 3);
        presence.login(instanceId, busier.id);
        Thread.sleep(50);
        presence.login(instanceId, fresher.id);
        String number = bind(flow(group, null, 60));
        assertEquals("longest idle on a tie of calls", busier.id, answeredCall(number, busier, fresher));
        awaitTrue("busier available again", () -> presence.current(instanceId, busier.id).state() == Presence.AVAILABLE);
        // fresher becomes idle most recently: longest idle would pick busier, fewest calls picks fresher
        presence.set(instanceId, fresher.id, Presence.BUSY, null);
        presence.set(instanceId, fresher.id, Presence.AVAILABLE, null);
        assertEquals("fewest calls today", fresher.id, answeredCall(number, fresher, busier));
    }

    @Test
    public void theIntegratorsRoundRobinPolicyIsPickedByNameAndAgentsTakeTurns() throws Exception {
        long group = group("sequential");
        Agent one = agent(group, 3);
        Agent two = agent(group, 3);
        Agent low = one.id.compareTo(two.id) < 0 ? one : two;
        Agent high = low == one ? two : one;
        shell("parley:agent-login --instance " + instanceId + " " + high.id);   // idle longest, yet not first in turn
        Thread.sleep(50);
        shell("parley:agent-login --instance " + instanceId + " " + low.id);
        String state = shell("parley:agent-state --instance " + instanceId);
        assertTrue(state, state.contains(low.id) && state.contains(high.id) && state.contains("available"));
        String number = bind(flow(group, null, 60));
        // what an operator writes in etc/io.parley.acd.cfg, here through ConfigurationAdmin
        org.osgi.service.cm.Configuration acdConfig = configurationAdmin.getConfiguration("io.parley.acd", null);
        Hashtable<String, Object> round = new Hashtable<>();
        round.put("routingPolicy", "round_robin");
        round.put("reconcileSeconds", "1");
        acdConfig.update(round);
        try {
            awaitTrue("the ACD routes by round robin", () -> acdLines().contains("routes by round_robin"));
            assertTrue(shell("parley:status").contains("routes by round_robin"));
            assertEquals("first turn: the lowest agent id", low.id, answeredCall(number, low, high));
            awaitTrue("low available again", () -> presence.current(instanceId, low.id).state() == Presence.AVAILABLE);
            assertEquals("next turn", high.id, answeredCall(number, high, low));
            // the queue's service level (kept by this activation of the ACD: a configuration change restarts it)
            String queues = shell("parley:queue-list --instance " + instanceId);
            assertTrue(queues, queues.contains(Long.toString(group)) && queues.contains("round_robin"));
        } finally {
            Hashtable<String, Object> back = new Hashtable<>();
            back.put("reconcileSeconds", "1");
            acdConfig.update(back);
        }
        awaitTrue("the ACD routes by the instance's setting again", () -> acdLines().contains("reconciler repaired")
                && !acdLines().contains("routes by round_robin"));
        // Karaf re-registers the shell bundle's commands while the ACD service comes back: ask until it has
        awaitTrue("parley:agent-state shows low's call", () -> {
            try {
                return shell("parley:agent-state --instance " + instanceId + " " + low.id).contains("Calls answered today: 1");
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

    /**
     * The status lines of the Acd service registered now (a configuration change re-activates
     * the component, so the injected one may be gone); empty while none is registered.
     */
    private String acdLines() {
        org.osgi.framework.ServiceReference<Acd> ref = context.getServiceReference(Acd.class);
        if (ref == null) {
            return "";
        }
        Acd live = context.getService(ref);
        try {
            return live == null ? "" : String.join("\n", live.statusLines());
        } catch (RuntimeException e) {
            return "";
        } finally {
            context.ungetService(ref);
        }
    }

    private String queuedIn(long group) throws InterruptedException {
        awaitTrue("a caller queued in " + group, () -> events.stream().anyMatch(e -> CallEvents.QUEUED.equals(e.getTopic())
                && Long.valueOf(group).equals(e.getProperty(CallEvents.SKILL_GROUP_ID))));
        return (String) events.stream().filter(e -> CallEvents.QUEUED.equals(e.getTopic())
                && Long.valueOf(group).equals(e.getProperty(CallEvents.SKILL_GROUP_ID))).findFirst().orElseThrow()
                .getProperty(CallEvents.SESSION_ID);
    }

    // ---- helpers ----

    record Agent(String id, String email, String password, String ext, int phonePort) {
    }

    /**
     * Calls the number, has {@code expected}'s phone answer and hang up, and returns the agent
     * the ACD rang first; {@code other}'s phone is not expected to ring.
     */
    private String answeredCall(String number, Agent expected, Agent other) throws Exception {
        int seen = events.size();
        try (RtpPeer caller = new RtpPeer("127.0.0.1", CALLER_LEVEL, RtpPeer.levels(CALLER_LEVEL, AGENT_LEVEL))) {
            Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(expected.phonePort)
                    .service(expected.ext).args("-key", "rtpport", "40008", "-d", "1000")
                    .timeout(Duration.ofSeconds(40)).start();
            Thread.sleep(300);
            Sipp.Running call = call(number, caller.port());
            Sipp.Result answered = answering.await(Duration.ofSeconds(40));
            Sipp.Result callerSide = call.await(Duration.ofSeconds(40));
            assertEquals(answered.toString(), 0, answered.exit());
            assertEquals(callerSide.toString(), 0, callerSide.exit());
        }
        awaitTrue("a ringing event", () -> events.stream().skip(seen).anyMatch(e -> CallEvents.AGENT_RINGING.equals(e.getTopic())));
        return (String) events.stream().skip(seen).filter(e -> CallEvents.AGENT_RINGING.equals(e.getTopic())).findFirst()
                .orElseThrow().getProperty(CallEvents.AGENT_ID);
    }

    private long group(String ringingMode) {
        return groups.create(instanceId, SkillGroupDraft.named("G" + unique()).withRingingMode(ringingMode)).id();
    }

    /** An agent of the group with a registered, agent-bound SIPp phone. */
    private Agent agent(long group, int priority) throws Exception {
        String id = Long.toString(100_000 + ThreadLocalRandom.current().nextInt(800_000));
        String email = "agent" + unique() + "@example.com";
        long role = roles.builtin(instanceId, BuiltinRole.ORDINARY_AGENT).id();
        String password = agents.create(instanceId, new AgentDraft(id, "Agent " + id, "A" + id, email, role, List.of(),
                null, "off", false)).password();
        groups.addAgents(instanceId, group, List.of(new MemberDraft(id, priority)));
        String ext = "6" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
        String sipPassword = phones.create(instanceId, new SipPhoneDraft(ext, "Phone " + id, "agent", id, null, "udp"))
                .sipPassword();
        int port = Sipp.freePort("127.0.0.1", false);
        Sipp.Result r = Sipp.scenario("phone_register.xml").port(port).service(ext).auth(ext, sipPassword)
                .args("-key", "domain", domain).run();
        assertEquals(r.toString(), 0, r.exit());
        return new Agent(id, email, password, ext, port);
    }

    /** start → to_agent (the group, the overflow group, a prompt with ${WaitNo} or hold music) → end. */
    private long flow(long group, Long overflow, int maxWaitS) {
        String overflowParam = overflow == null ? "" : ",\"overflow_skill_group_id\":" + overflow;
        String graph = """
                {"nodes":[
                  {"id":"main_menu","type":"start","label":"Start"},
                  {"id":"01HTOAGENT0000000000000000","type":"to_agent","label":"Agents",
                   "params":{"skill_group_ids":[GROUP]OVERFLOW,"max_queue_wait_s":MAXWAIT}},
                  {"id":"01HEND00000000000000000000","type":"end","label":"End"}],
                 "edges":[
                  {"from_node":"main_menu","from_port":"next","to_node":"01HTOAGENT0000000000000000"},
                  {"from_node":"01HTOAGENT0000000000000000","from_port":"next","to_node":"01HEND00000000000000000000"}]}"""
                .replace("GROUP", Long.toString(group)).replace("OVERFLOW", overflowParam)
                .replace("MAXWAIT", Integer.toString(maxWaitS));
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Agents " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(graph), null);
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        return flow.id();
    }

    private String bind(long flowId) throws InterruptedException {
        String number = "0" + (210 + ThreadLocalRandom.current().nextInt(80))
                + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null, "inbound",
                null, flowId, IvrVersion.MAIN, null, null, null, null, null, false, false)));
        Thread.sleep(2500);   // trunk admission re-reads the channels every second
        return number;
    }

    private Sipp.Running call(String number, int rtpPort) throws IOException {
        return call(number, rtpPort, peerPort);
    }

    private Sipp.Running call(String number, int rtpPort, int fromPort) throws IOException {
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        return Sipp.scenario("acd_caller.xml").from(CARRIER_IP).port(fromPort).service(number)
                .args("-key", "caller", caller, "-key", "rtpport", Integer.toString(rtpPort),
                        "-mp", Integer.toString(mediaPort(CARRIER_IP)))
                .timeout(Duration.ofSeconds(90)).start();
    }

    /** The session of the last call to the number. */
    private String sessionOf(String number) throws InterruptedException {
        String callee = "0086" + number;
        awaitTrue("the call ended", () -> events.stream().anyMatch(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))));
        return (String) events.stream().filter(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))).reduce((a, b) -> b).orElseThrow()
                .getProperty(CallEvents.SESSION_ID);
    }

    private List<String> agentsRung(String session) {
        return events.stream().filter(e -> CallEvents.AGENT_RINGING.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))).map(e -> (String) e.getProperty(CallEvents.AGENT_ID))
                .toList();
    }

    private Event ringEnd(String session, String agentId) throws InterruptedException {
        awaitTrue("the ring of " + agentId + " ended", () -> events.stream().anyMatch(e -> isRingEnd(e, session, agentId)));
        return events.stream().filter(e -> isRingEnd(e, session, agentId)).findFirst().orElseThrow();
    }

    private static boolean isRingEnd(Event e, String session, String agentId) {
        return CallEvents.AGENT_RING_ENDED.equals(e.getTopic()) && session.equals(e.getProperty(CallEvents.SESSION_ID))
                && agentId.equals(e.getProperty(CallEvents.AGENT_ID));
    }

    private Event event(String topic, String session) throws InterruptedException {
        awaitTrue(topic, () -> events.stream().anyMatch(e -> topic.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))));
        return events.stream().filter(e -> topic.equals(e.getTopic()) && session.equals(e.getProperty(CallEvents.SESSION_ID)))
                .findFirst().orElseThrow();
    }

    private long repairs() {
        return java.util.Arrays.stream(acdLines().split("\n")).filter(l -> l.contains("reconciler repaired"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*repaired (\\d+).*", "$1"))).findFirst().orElse(0);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private void awaitTrue(String what, BooleanSupplier probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < until) {
            if (probe.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; events: " + events.stream()
                .map(e -> e.getTopic() + " " + e.getProperty(CallEvents.SESSION_ID) + " " + e.getProperty(CallEvents.AGENT_ID)
                        + " " + e.getProperty(CallEvents.OUTCOME) + " " + e.getProperty(AgentEvents.PRESENCE)).toList());
    }

    private String shell(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            throw new AssertionError(command + ": " + e.getMessage(), e);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    /** An even UDP port pair free on {@code ip} for SIPp's media ({@code -mp}). */
    private static int mediaPort(String ip) {
        for (int i = 0; i < 50; i++) {
            int p = 30_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            try (DatagramSocket a = new DatagramSocket(p, InetAddress.getByName(ip));
                 DatagramSocket b = new DatagramSocket(p + 1, InetAddress.getByName(ip))) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free media port on " + ip);
    }
}
