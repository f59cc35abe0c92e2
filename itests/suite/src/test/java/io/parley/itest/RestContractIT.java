package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import io.parley.itest.client.ApiClient;
import io.parley.itest.client.ApiException;
import io.parley.itest.client.api.AgentsApi;
import io.parley.itest.client.api.RolesApi;
import io.parley.itest.client.api.SkillGroupsApi;
import io.parley.itest.client.model.Agent;
import io.parley.itest.client.model.AgentWrite;
import io.parley.itest.client.model.IssuedAgent;
import io.parley.itest.client.model.Role;
import io.parley.itest.client.model.SkillGroup;
import io.parley.itest.client.model.SkillGroupWrite;
import io.parley.itest.contract.Contract;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The REST contract (issue 19): the served OpenAPI document is the one the build wrote, and a
 * Java client generated from it at build time (openapi-generator, in the contract bundle)
 * manages skill groups and agents on the running distribution. Every other test's answers
 * are checked against the same document by {@link Api}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RestContractIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    private Api admin;
    private String instance;
    private ApiClient client;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Before
    public void connect() {
        admin = Api.appliance().asAdmin(auth);
        instance = Long.toString(instances.defaultInstance().id());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + Api.adminPassword(auth)).getBytes(StandardCharsets.UTF_8));
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + ParleyContainer.HTTP_PORT + "/api/v1");
        client.setRequestInterceptor(request -> request.header("Authorization", basic));
    }

    @Test
    public void theServedDocumentIsTheOneTheClientWasGeneratedFrom() throws Exception {
        ObjectNode served = (ObjectNode) Api.JSON.readTree(admin.openApiDocument());
        ObjectNode built = (ObjectNode) Api.JSON.readTree(Contract.buildTimeDocument());
        // the bundle's version (0.1.0.SNAPSHOT) against Maven's (0.1.0-SNAPSHOT): the same build
        ((ObjectNode) served.get("info")).remove("version");
        ((ObjectNode) built.get("info")).remove("version");
        assertEquals(built, served);
    }

    @Test
    public void theContractRefusesAnAnswerTheDocumentDoesNotDescribe() {
        Contract contract = Contract.of(admin.openApiDocument());
        String camel = contract.violations("GET", "/api/v1/instances/" + instance + "/skill-groups", 200,
                "application/json", "{\"items\":[],\"total\":0,\"pageSize\":10}");
        assertNotNull("an unknown property passed", camel);
        assertTrue(camel, camel.contains("pageSize"));
        assertNotNull(contract.violations("GET", "/api/v1/instances", 401, "application/json", "{\"message\":\"no\"}"));
        assertNull(contract.violations("GET", "/api/v1/instances", 401, "application/json",
                "{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"credentials required\"}}"));
    }

    @Test
    public void aGeneratedClientCreatesReadsEditsAndDeletesASkillGroupAndAnAgent() throws Exception {
        SkillGroupsApi groups = new SkillGroupsApi(client);
        AgentsApi agents = new AgentsApi(client);
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(100_000, 999_999));

        SkillGroup group = groups.createSkillGroup(instance, new SkillGroupWrite().name("Generated " + suffix)
                .ringingMode(SkillGroupWrite.RingingModeEnum.SIMULTANEOUS));
        assertNotNull(group.getId());
        assertEquals("simultaneous", group.getRingingMode());
        assertEquals("Generated " + suffix, groups.getSkillGroup(instance, group.getId().toString()).getName());
        SkillGroup renamed = groups.editSkillGroup(instance, group.getId().toString(),
                new SkillGroupWrite().name("Renamed " + suffix));
        assertEquals("Renamed " + suffix, renamed.getName());
        assertEquals("simultaneous", renamed.getRingingMode());
        assertEquals(1L, (long) groups.listSkillGroup(instance, "Renamed " + suffix, null, null).getTotal());

        long role = new RolesApi(client).listRole(instance, null, "100").getItems().stream()
                .filter(r -> "ordinary_agent".equals(r.getBuiltinKind())).map(Role::getId).findFirst().orElseThrow();
        String agentId = "9" + suffix;
        IssuedAgent issued = agents.createAgent(instance, new AgentWrite().agentId(agentId).name("Gen " + suffix)
                .nickname("G").email("gen" + suffix + "@example.com").roleId(role)
                .skillGroupIds(List.of(group.getId())).mobileAnswering(AgentWrite.MobileAnsweringEnum.OFF));
        assertEquals(agentId, issued.getAgent().getAgentId());
        assertNotNull("no mail relay: the password is in the answer", issued.getPassword());
        Agent read = agents.getAgent(instance, agentId);
        assertEquals(List.of(group.getId()), read.getSkillGroupIds());
        assertEquals((Long) role, read.getRoleId());
        Agent edited = agents.editAgent(instance, agentId, new AgentWrite().nickname("Gee").skillGroupIds(List.of()));
        assertEquals("Gee", edited.getNickname());
        assertEquals(List.of(), edited.getSkillGroupIds());
        assertEquals(1L, (long) agents.listAgent(instance, agentId, null, null, null, null, null, null, null, null, null)
                .getTotal());

        agents.deleteAgent(instance, agentId);
        groups.deleteSkillGroup(instance, group.getId().toString());
        for (Runnable gone : List.<Runnable>of(
                () -> expectNotFound(() -> agents.getAgent(instance, agentId)),
                () -> expectNotFound(() -> groups.getSkillGroup(instance, group.getId().toString())))) {
            gone.run();
        }
    }

    private interface Call {
        Object run() throws ApiException;
    }

    private static void expectNotFound(Call call) {
        try {
            call.run();
            fail("still there");
        } catch (ApiException e) {
            assertEquals(e.getResponseBody(), 404, e.getCode());
            JsonNode error;
            try {
                error = Api.JSON.readTree(e.getResponseBody()).path("error");
            } catch (java.io.IOException io) {
                throw new AssertionError(io);
            }
            assertEquals(e.getResponseBody(), "NOT_FOUND", error.path("code").asText());
        }
    }
}
