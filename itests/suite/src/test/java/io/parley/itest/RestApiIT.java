package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/** The REST API of the booted distribution, over real HTTP (SPEC §0.2, §6, §32, §34 p1–2). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RestApiIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    private Api anonymous;
    private Api admin;
    private String groups;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Before
    public void connect() {
        anonymous = Api.appliance();
        admin = anonymous.asAdmin(auth);
        groups = "/instances/" + instances.defaultInstance().id() + "/skill-groups";
    }

    @Test
    public void healthAnswersWithoutAuthentication() {
        Api.Answer health = anonymous.get("/health");
        assertEquals(200, health.status());
        assertEquals("up", health.json().get("status").asText());
        assertEquals("Apache Derby", health.json().path("database").path("product").asText());
    }

    @Test
    public void everyOtherCallIsRefusedWithoutCredentials() {
        for (String path : new String[] {"/instances", groups, "/openapi.json", "/ivr/node-types", "/auth/me"}) {
            Api.Answer a = anonymous.get(path);
            assertEquals(path, 401, a.status());
            assertEquals(path, "UNAUTHENTICATED", a.errorCode());
        }
        assertEquals(401, anonymous.basic("admin", "wrong-password-1").get("/instances").status());
        assertEquals(401, anonymous.bearer("not-a-token").get("/instances").status());
    }

    @Test
    public void defaultInstanceIsListed() {
        JsonNode list = admin.get("/instances").json();
        assertTrue(list.get("total").asLong() >= 1);
        assertEquals(1000001L, list.get("items").get(0).get("id").asLong());
        assertEquals("default", list.get("items").get(0).get("name").asText());
    }

    @Test
    public void skillGroupCreateListSearchShowEditDelete() {
        Api.Answer created = admin.post(groups, "{\"name\":\"IT Sales\",\"extension\":\"4001\"}");
        assertEquals(created.toString(), 201, created.status());
        long id = created.json().get("id").asLong();
        assertEquals("sequential", created.json().get("ringing_mode").asText());
        assertEquals(1, created.json().get("reception_limit").asInt());
        assertEquals("phone", created.json().get("type").asText());

        JsonNode found = admin.get(groups + "?name=it%20sal").json();
        assertEquals(1, found.get("total").asInt());
        assertEquals(id, found.get("items").get(0).get("id").asLong());

        Api.Answer edited = admin.patch(groups + "/" + id, "{\"ringing_mode\":\"simultaneous\",\"extension\":null}");
        assertEquals(edited.toString(), 200, edited.status());
        assertEquals("simultaneous", edited.json().get("ringing_mode").asText());
        assertTrue(edited.json().get("extension").isNull());
        assertEquals("IT Sales", admin.get(groups + "/" + id).json().get("name").asText());

        assertEquals(204, admin.delete(groups + "/" + id).status());
        assertEquals(404, admin.get(groups + "/" + id).status());
        assertEquals("NOT_FOUND", admin.delete(groups + "/" + id).errorCode());
    }

    @Test
    public void badSkillGroupInputGetsTheErrorBodyNamingFieldAndRule() {
        assertError(admin.post(groups, "{\"name\":\"" + "x".repeat(33) + "\"}"), 422, "INVALID", "name");
        assertError(admin.post(groups, "{}"), 422, "INVALID", "name");
        assertError(admin.post(groups, "{\"name\":\"A\",\"extension\":\"9123\"}"), 422, "INVALID", "extension");
        assertError(admin.post(groups, "{\"name\":\"A\",\"ringing_mode\":\"loud\"}"), 422, "INVALID", "ringing_mode");
        assertError(admin.post(groups, "{\"name\":\"A\",\"reception_limit\":2}"), 422, "INVALID", "reception_limit");
        assertError(admin.post(groups, "{\"name\":\"A\",\"reception_limit\":\"one\"}"), 400, "MALFORMED", "reception_limit");
        assertError(admin.post(groups, "{\"name\":\"A\",\"colour\":\"red\"}"), 400, "MALFORMED", "colour");
        assertError(admin.post(groups, "{\"name\":"), 400, "MALFORMED", null);
        assertError(admin.get(groups + "?page_size=101"), 422, "INVALID", "page_size");
        assertError(admin.get(groups + "?page=0"), 422, "INVALID", "page");
        assertError(admin.get(groups + "/abc"), 400, "MALFORMED", "id");
        assertError(admin.get("/instances/999/skill-groups"), 404, "NOT_FOUND", null);

        assertEquals(201, admin.post(groups, "{\"name\":\"Duplicate\",\"extension\":\"4002\"}").status());
        assertError(admin.post(groups, "{\"name\":\"DUPLICATE\"}"), 409, "CONFLICT", "name");
        assertError(admin.post(groups, "{\"name\":\"Other\",\"extension\":\"4002\"}"), 409, "CONFLICT", "extension");
        assertTrue(admin.get(groups + "?name=duplicate").json().get("items").get(0).get("name").asText().equals("Duplicate"));
        assertFalse("no half-created group", admin.get(groups + "?name=other").json().get("total").asInt() > 0);
    }

    @Test
    public void listsArePagedWithTotal() {
        for (int i = 1; i <= 12; i++) {
            assertEquals(201, admin.post(groups, "{\"name\":\"Paged " + i + "\"}").status());
        }
        JsonNode second = admin.get(groups + "?name=paged&page=2&page_size=10").json();
        assertEquals(12, second.get("total").asInt());
        assertEquals(2, second.get("items").size());
    }

    @Test
    public void bearerTokensWorkUntilRevoked() {
        Api.Answer issued = admin.post("/auth/tokens", null);
        assertEquals(issued.toString(), 201, issued.status());
        Api withToken = anonymous.bearer(issued.json().get("token").asText());
        assertEquals("admin", withToken.get("/auth/me").json().get("login").asText());
        assertEquals(200, withToken.get(groups).status());
        assertEquals(204, withToken.delete("/auth/tokens/current").status());
        assertEquals(401, withToken.get(groups).status());
    }

    @Test
    public void openApiDocumentDescribesTheResources() {
        Api.Answer doc = admin.get("/openapi.json");
        assertEquals(200, doc.status());
        JsonNode paths = doc.json().get("paths");
        assertNotNull(paths.get("/instances/{instanceId}/skill-groups"));
        assertNotNull(paths.get("/instances/{instanceId}/skill-groups/{id}").get("patch"));
        assertNotNull(paths.get("/health"));
        assertNotNull(doc.json().path("components").path("securitySchemes").get("bearer"));
    }

    @Test
    public void unknownPathsAndMethodsGetTheErrorBody() {
        assertError(admin.get("/no-such-thing"), 404, "NOT_FOUND", null);
        assertError(admin.send("PUT", "/instances", "{}"), 405, "METHOD_NOT_ALLOWED", null);
    }

    private static void assertError(Api.Answer a, int status, String code, String field) {
        assertEquals(a.toString(), status, a.status());
        assertEquals(a.toString(), code, a.errorCode());
        assertEquals(a.toString(), field, a.errorField());
        assertFalse(a.toString(), a.json().path("error").path("message").asText().isEmpty());
    }
}
