package io.parley.itest.contract;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.BeforeClass;
import org.junit.Test;

/** The validator judges answers against the document the rest build wrote. */
public class ContractTest {

    private static Contract contract;

    @BeforeClass
    public static void load() throws Exception {
        contract = Contract.of(Files.readString(Path.of(System.getProperty("parley.openapi",
                "../../bundles/rest/target/openapi/parley-openapi.json"))));
    }

    private static final String AGENT = "{\"agent_id\":\"7\",\"name\":\"Ann\",\"nickname\":\"A\",\"email\":\"a@x.io\","
            + "\"role_id\":3,\"skill_group_ids\":[],\"phone_number\":null,\"mobile_answering\":\"off\","
            + "\"account_state\":\"active\",\"last_online_at\":null,\"presence\":\"offline\",\"created_at\":\"2026-01-01T00:00:00Z\"}";

    @Test
    public void aSnakeCaseAgentPageKeepsTheContract() {
        assertNull(contract.violations("GET", "/api/v1/instances/1000001/agents", 200, "application/json",
                "{\"items\":[" + AGENT + "],\"total\":1}"));
    }

    @Test
    public void aCamelCaseFieldBreaksItAndIsNamed() {
        String wrong = contract.violations("GET", "/api/v1/instances/1000001/agents/7", 200, "application/json",
                AGENT.replace("role_id", "roleId"));
        assertTrue(wrong, wrong != null && wrong.contains("roleId") && wrong.contains("role_id"));
    }

    @Test
    public void anUnknownPathMayOnlyAnswerTheErrorBody() {
        assertNull(contract.violations("GET", "/api/v1/no-such-thing", 404, "application/json",
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such resource\"}}"));
        assertTrue(contract.violations("GET", "/api/v1/no-such-thing", 404, "text/html", "<html>") != null);
        assertTrue("a success on an undocumented path",
                contract.violations("GET", "/api/v1/no-such-thing", 200, "application/json", "{}") != null);
    }

    @Test
    public void aNestedRecordMayBeNullButNotOfAnotherShape() {
        String issued = "{\"agent\":" + AGENT + ",\"password\":null,\"mailed\":true,\"delivery\":\"sent\"}";
        assertNull(contract.violations("POST", "/api/v1/instances/1000001/agents", 201, "application/json", issued));
        assertNull(contract.violations("POST", "/api/v1/instances/1000001/agents", 201, "application/json",
                issued.replace(AGENT, "null")));
        assertTrue(contract.violations("POST", "/api/v1/instances/1000001/agents", 201, "application/json",
                issued.replace("\"role_id\":3,", "")) != null);
        assertTrue(contract.violations("POST", "/api/v1/instances/1000001/agents", 201, "application/json",
                issued.replace(AGENT, "{\"agentId\":\"7\"}")) != null);
    }

    @Test
    public void anErrorMustBeTheSpecErrorBody() {
        assertNull(contract.violations("GET", "/api/v1/instances/1000001/agents/7", 404, "application/json",
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"agent 7\"}}"));
        String wrong = contract.violations("GET", "/api/v1/instances/1000001/agents/7", 404, "application/json",
                "{\"message\":\"agent 7\"}");
        assertTrue(String.valueOf(wrong), wrong != null && wrong.contains("error"));
    }
}
