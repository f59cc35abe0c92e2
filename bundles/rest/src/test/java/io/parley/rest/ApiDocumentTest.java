package io.parley.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/** The OpenAPI document names what the wire carries (issue 19 item 1). */
public class ApiDocumentTest {

    private static JsonNode doc;

    @BeforeClass
    public static void build() throws Exception {
        doc = new ObjectMapper().readTree(ApiDocument.render("1", ApiDocument.resources(Path.of("target/classes"))));
    }

    private static JsonNode schema(String name) {
        JsonNode s = doc.path("components").path("schemas").path(name);
        assertFalse("no schema " + name, s.isMissingNode());
        return s;
    }

    @Test
    public void schemaPropertiesAreNamedAsTheMapperWritesThem() throws Exception {
        JsonNode agent = schema("Agent").path("properties");
        assertTrue(agent.has("agent_id"));
        assertTrue(agent.has("skill_group_ids"));
        assertFalse(agent.has("agentId"));
        // the same names the API's own mapper writes for the record
        JsonNode written = Json.MAPPER.valueToTree(new PeopleViews.AgentView("7", "n", "k", "e@x.io", 1, java.util.List.of(),
                null, "off", "active", null, "offline", "2026-01-01T00:00:00Z"));
        for (Iterator<String> names = written.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(name, agent.has(name));
        }
        assertEquals(written.size(), agent.size());
    }

    @Test
    public void propertiesTheMapperWritesAsNullAreNullableAndAllAreRequiredInAnswers() {
        JsonNode agent = schema("Agent");
        assertTrue(agent.path("properties").path("phone_number").path("nullable").asBoolean());
        assertFalse(agent.path("properties").path("role_id").path("nullable").asBoolean());
        assertEquals(agent.path("properties").size(), agent.path("required").size());
        assertTrue("request bodies are partial (edits)", schema("AgentWrite").path("required").isMissingNode());
        // a record inside an answer may be null (OpenAPI 3.0 ignores nullable beside a $ref)
        JsonNode prompt = schema("TrunkNumber").at("/properties/inbound_failure_prompt");
        assertTrue(prompt.toString(), prompt.path("nullable").asBoolean() && prompt.at("/properties/mode").isObject());
    }

    @Test
    public void aFieldTypedObjectTakesAnyJsonValue() {
        // skill_group_scope maps a permission to "all" or a list of ids; a pop-up width is "default" or pixels
        JsonNode scope = schema("Role").at("/properties/skill_group_scope/additionalProperties");
        assertTrue(scope.toString(), scope.isObject() && !scope.has("type"));
        assertFalse(schema("PopupPage").at("/properties/width").has("type"));
    }

    @Test
    public void eachListAnswersATypedPage() {
        JsonNode list = doc.at("/paths/~1instances~1{instanceId}~1agents/get/responses/200/content/application~1json/schema");
        assertEquals("#/components/schemas/AgentPage", list.path("$ref").asText());
        assertEquals("#/components/schemas/Agent", schema("AgentPage").at("/properties/items/items/$ref").asText());
        assertEquals("#/components/schemas/SkillGroup", schema("SkillGroupPage").at("/properties/items/items/$ref").asText());
        assertTrue(schema("AgentPage").at("/properties/total/type").asText().equals("integer"));
    }

    @Test
    public void everyOperationAnswersTheErrorBodyOn4xxAnd5xx() {
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations++;
                for (String range : new String[] {"4XX", "5XX"}) {
                    assertEquals(path.getKey() + " " + op.getKey(), "#/components/responses/Error",
                            op.getValue().path("responses").path(range).path("$ref").asText());
                }
            }
        }
        assertTrue(operations > 50);
        assertEquals("#/components/schemas/ErrorBody",
                doc.at("/components/responses/Error/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/ErrorDetail", schema("ErrorBody").at("/properties/error/$ref").asText());
    }

    @Test
    public void credentialsAreNeededEverywhereButHealth() {
        assertEquals("basic", doc.at("/components/securitySchemes/basic/scheme").asText());
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals(2, doc.path("security").size());
        JsonNode health = doc.at("/paths/~1health/get/security");
        assertTrue(health.isArray());
        assertEquals(0, health.size());
        assertTrue(doc.at("/paths/~1instances/get/security").isMissingNode());
    }

    @Test
    public void healthAnswersItsOwnBodyWhenDegradedNotTheErrorBody() {
        JsonNode responses = doc.at("/paths/~1health/get/responses");
        String up = responses.at("/200/content/application~1json/schema/$ref").asText();
        assertEquals("#/components/schemas/Health", up);
        assertEquals(up, responses.at("/503/content/application~1json/schema/$ref").asText());
        assertTrue(schema("Health").at("/properties/trunks").isObject());
    }

    @Test
    public void uploadsAreMultipartFormDataWithTheirPartsAndNoCxfTypes() {
        JsonNode schemas = doc.path("components").path("schemas");
        for (String cxf : new String[] {"Attachment", "MultipartBody", "DataHandler", "ContentDisposition"}) {
            assertFalse(cxf, schemas.has(cxf));
        }
        JsonNode upload = doc.at("/paths/~1instances~1{instanceId}~1audio-files/post/requestBody/content/multipart~1form-data/schema");
        assertEquals("binary", upload.at("/properties/file/format").asText());
        assertEquals("string", upload.at("/properties/name/type").asText());
        JsonNode csv = doc.at("/paths/~1instances~1{instanceId}~1agents:import/post/requestBody/content");
        assertTrue(csv.has("text/csv"));
        assertEquals("binary", csv.at("/multipart~1form-data/schema/properties/file/format").asText());
    }

    @Test
    public void operationIdsAreReadableAndUnique() {
        assertEquals("createSkillGroup", doc.at("/paths/~1instances~1{instanceId}~1skill-groups/post/operationId").asText());
        assertEquals("deleteAgent", doc.at("/paths/~1instances~1{instanceId}~1agents~1{agentId}/delete/operationId").asText());
        assertNotNull(doc.at("/paths/~1instances~1{instanceId}~1skill-groups~1{id}/delete/responses/204"));
        assertTrue(doc.at("/paths/~1instances~1{instanceId}~1skill-groups~1{id}/delete/responses/204").isObject());
    }

    @Test
    public void ivrFlowsAnswerTypedPagesFlowsVersionsAndDocuments() {
        String flows = "/paths/~1instances~1{instanceId}~1ivr-flows";
        String json = "/content/application~1json/schema/$ref";
        assertEquals("#/components/schemas/IvrFlowPage", doc.at(flows + "/get/responses/200" + json).asText());
        assertEquals("#/components/schemas/IvrFlow", schema("IvrFlowPage").at("/properties/items/items/$ref").asText());
        assertEquals("#/components/schemas/IvrFlow", doc.at(flows + "/post/responses/201" + json).asText());
        assertEquals("#/components/schemas/IvrFlowWrite", doc.at(flows + "/post/requestBody" + json).asText());
        assertEquals("createIvrFlow", doc.at(flows + "/post/operationId").asText());
        JsonNode listParams = doc.at(flows + "/get/parameters");
        java.util.Set<String> names = new java.util.HashSet<>();
        listParams.forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.toString(), names.containsAll(java.util.List.of("kind", "q", "page", "page_size")));
        assertTrue(doc.at(flows + "~1{id}/delete/responses/204").isObject());

        String versions = flows + "~1{id}~1versions";
        assertEquals("#/components/schemas/IvrVersion", doc.at(versions + "/post/responses/201" + json).asText());
        assertEquals("#/components/schemas/IvrVersionSummaryPage", doc.at(versions + "/get/responses/200" + json).asText());
        assertEquals("#/components/schemas/IvrVersion", doc.at(versions + "~1{version}/get/responses/200" + json).asText());
        assertEquals("#/components/schemas/IvrVersionSave", doc.at(versions + "~1{version}/put/requestBody" + json).asText());
        assertTrue(doc.at(versions + "~1{version}/delete/responses/204").isObject());
        assertEquals("#/components/schemas/IvrFlow", doc.at(versions + "~1{version}:copy/post/responses/201" + json).asText());
        assertEquals("#/components/schemas/IvrFlowDocument",
                doc.at(versions + "~1{version}:export/get/responses/200" + json).asText());

        JsonNode version = schema("IvrVersion").path("properties");
        for (String p : new String[] {"flow_id", "version", "based_on", "notes", "status", "updated_at", "graph", "problems"}) {
            assertTrue(p, version.has(p));
        }
        assertTrue(version.path("based_on").path("nullable").asBoolean());
        assertEquals("#/components/schemas/IvrGraphProblem", version.at("/problems/items/$ref").asText());
        assertTrue(schema("IvrEdge").path("properties").has("from_port"));
        assertTrue(schema("IvrFlow").path("properties").has("associated_numbers"));
        // a node's params hold any JSON value
        assertFalse(schema("IvrNode").at("/properties/params/additionalProperties").has("type"));

        String imports = flows.replace("ivr-flows", "ivr-flows:import");
        assertEquals("#/components/schemas/IvrFlowDocument", doc.at(imports + "/post/requestBody" + json).asText());
        assertEquals("binary", doc.at(imports + "/post/requestBody/content/multipart~1form-data/schema/properties/file/format")
                .asText());
        assertEquals("#/components/schemas/IvrFlow", doc.at(imports + "/post/responses/201" + json).asText());
    }
}
