package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Agents, roles and skill-group members over real HTTP (SPEC §4–6): each built-in role's
 * allowed and refused calls, agent login by email, force-offline, password reset, a
 * validation error per agent field, member rules and the CSV import.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PeopleIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    private Api anonymous;
    private Api admin;
    private String base;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Before
    public void connect() {
        anonymous = Api.appliance();
        admin = anonymous.asAdmin(auth);
        base = "/instances/" + instances.defaultInstance().id();
    }

    private static String newAgentId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    private long builtinRole(String kind) {
        for (JsonNode r : admin.get(base + "/roles").json().get("items")) {
            if (kind.equals(r.path("builtin_kind").asText())) {
                return r.get("id").asLong();
            }
        }
        throw new AssertionError("no built-in role " + kind);
    }

    /** Creates an agent with the role; returns [agent_id, email, password]. */
    @Test
    public void aPhoneBoundToAnAgentIsUnboundWhenTheAgentIsDeleted() {
        String[] a = agent(builtinRole("ordinary_agent"));
        String extension = "7" + String.format("%04d", Math.floorMod(a[0].hashCode(), 10_000));
        Api.Answer phone = admin.post(base + "/phones", "{\"extension\":\"" + extension + "\",\"name\":\"Desk\","
                + "\"binding\":{\"type\":\"agent\",\"agent_id\":\"" + a[0] + "\"}}");
        assertEquals(phone.toString(), 201, phone.status());
        assertEquals(a[0], phone.json().path("phone").path("binding").path("agent_id").asText(
                phone.json().path("binding").path("agent_id").asText()));
        Api.Answer unknown = admin.post(base + "/phones", "{\"extension\":\"8" + extension.substring(1) + "\",\"name\":\"X\","
                + "\"binding\":{\"type\":\"agent\",\"agent_id\":\"99999999999\"}}");
        assertEquals(unknown.toString(), 422, unknown.status());
        assertEquals("binding.agent_id", unknown.json().path("error").path("field").asText());

        assertEquals(204, admin.delete(base + "/agents/" + a[0]).status());
        Api.Answer after = admin.get(base + "/phones/" + extension);
        assertEquals(after.toString(), 200, after.status());
        assertEquals(after.toString(), "none", after.json().path("binding").path("type").asText());
    }

    private String[] agent(long roleId) {
        String id = newAgentId();
        String email = "Agent" + id + "@Example.com";
        Api.Answer created = admin.post(base + "/agents", "{\"agent_id\":\"" + id + "\",\"name\":\"Agent " + id
                + "\",\"nickname\":\"A\",\"email\":\"" + email + "\",\"role_id\":" + roleId + "}");
        assertEquals(created.toString(), 201, created.status());
        assertEquals(id, created.json().path("agent").path("agent_id").asText());
        return new String[] {id, email, created.json().get("password").asText()};
    }

    private Api login(String email, String password) {
        Api.Answer token = anonymous.basic(email.toLowerCase(), password).post("/auth/tokens", null);
        assertEquals(token.toString(), 201, token.status());
        return anonymous.bearer(token.json().get("token").asText());
    }

    private long group(String name) {
        Api.Answer g = admin.post(base + "/skill-groups", "{\"name\":\"" + name + "\"}");
        assertEquals(g.toString(), 201, g.status());
        return g.json().get("id").asLong();
    }

    @Test
    public void everyInstanceListsTheThreeBuiltInRoles() {
        JsonNode items = admin.get(base + "/roles").json().get("items");
        List<String> kinds = new ArrayList<>();
        items.forEach(r -> kinds.add(r.path("builtin_kind").asText()));
        assertTrue(kinds.toString(), kinds.containsAll(List.of("administrator", "quality_inspector", "ordinary_agent")));
    }

    @Test
    public void ordinaryAgentLogsInByEmailHoldsWorkstationOnlyAndIsRefusedConfiguration() {
        String[] a = agent(builtinRole("ordinary_agent"));
        Api agent = login(a[1], a[2]);
        JsonNode me = agent.get("/auth/me").json();
        assertEquals(a[1].toLowerCase(), me.get("login").asText());
        assertEquals("[\"workstation\"]", me.get("permissions").toString());
        for (String path : new String[] {"/skill-groups", "/agents", "/roles", "/hot-words", "/phones"}) {
            Api.Answer refused = agent.get(base + path);
            assertEquals(path, 403, refused.status());
            assertEquals(path, "FORBIDDEN", refused.errorCode());
        }
        assertEquals(403, agent.post(base + "/skill-groups", "{\"name\":\"Nope\"}").status());
        // Basic with the email works as well, in any case
        assertEquals(200, anonymous.basic(a[1].toUpperCase(), a[2]).get("/auth/me").status());
    }

    @Test
    public void qualityInspectorHoldsRecordsAndMonitoringButNoConfiguration() {
        String[] a = agent(builtinRole("quality_inspector"));
        Api inspector = login(a[1], a[2]);
        List<String> permissions = new ArrayList<>();
        inspector.get("/auth/me").json().get("permissions").forEach(p -> permissions.add(p.asText()));
        assertTrue(permissions.toString(), permissions.containsAll(List.of("records.telephone", "monitoring.calls",
                "analytics.agents", "overview", "workstation")));
        assertTrue(permissions.toString(), !permissions.contains("skill_groups") && !permissions.contains("agents"));
        assertEquals(403, inspector.get(base + "/skill-groups").status());
        assertEquals(403, inspector.get(base + "/agents").status());
        assertEquals(403, inspector.post(base + "/roles", "{}").status());
    }

    @Test
    public void administratorRoleAgentConfiguresItsInstanceButNotTheApplianceOrOtherInstances() {
        String[] a = agent(builtinRole("administrator"));
        Api boss = login(a[1], a[2]);
        assertEquals(200, boss.get(base + "/skill-groups").status());
        assertEquals(200, boss.get(base + "/agents").status());
        assertEquals(200, boss.get(base + "/roles").status());
        assertEquals(200, boss.get(base + "/agents/" + a[0]).status());
        assertEquals(403, boss.post("/instances", "{\"name\":\"Boss-" + a[0] + "\"}").status());
        Api.Answer other = admin.post("/instances", "{\"name\":\"Other-" + a[0] + "\"}");
        assertEquals(other.toString(), 201, other.status());
        assertEquals(403, boss.get("/instances/" + other.json().get("id").asLong() + "/skill-groups").status());
        assertEquals("an agent does not see the other tenants", 404,
                boss.get("/instances/" + other.json().get("id").asLong()).status());
        Api.Answer visible = boss.get("/instances");
        assertEquals(visible.toString(), 1, visible.json().get("total").asInt());
        assertEquals(instances.defaultInstance().id(), visible.json().get("items").get(0).get("id").asLong());
    }

    @Test
    public void forceOfflineRevokesTokensAndRefusesLoginUntilResumed() {
        String[] a = agent(builtinRole("ordinary_agent"));
        Api agent = login(a[1], a[2]);
        assertEquals(200, agent.get("/auth/me").status());
        Api.Answer forced = admin.post(base + "/agents/" + a[0] + ":force-offline", null);
        assertEquals(forced.toString(), 200, forced.status());
        assertEquals("forced_offline", forced.json().get("account_state").asText());
        assertEquals(401, agent.get("/auth/me").status());
        assertEquals(401, anonymous.basic(a[1], a[2]).post("/auth/tokens", null).status());
        assertEquals(409, admin.post(base + "/agents/" + a[0] + ":force-offline", null).status());
        assertEquals(200, admin.post(base + "/agents/" + a[0] + ":resume-online", null).status());
        assertEquals(200, login(a[1], a[2]).get("/auth/me").status());
    }

    @Test
    public void resetPasswordStopsTheOldOneAtOnce() {
        String[] a = agent(builtinRole("ordinary_agent"));
        Api agent = login(a[1], a[2]);
        Api.Answer reset = admin.post(base + "/agents/" + a[0] + ":reset-password", null);
        assertEquals(reset.toString(), 200, reset.status());
        assertEquals(401, agent.get("/auth/me").status());
        assertEquals(401, anonymous.basic(a[1], a[2]).get("/auth/me").status());
        assertEquals(200, anonymous.basic(a[1], reset.json().get("password").asText()).get("/auth/me").status());
    }

    @Test
    public void everyAgentFieldIsValidatedWithTheFieldNamed() {
        long role = builtinRole("ordinary_agent");
        String id = newAgentId();
        String ok = "\"agent_id\":\"" + id + "\",\"name\":\"N\",\"nickname\":\"N\",\"email\":\"v" + id
                + "@example.com\",\"role_id\":" + role;
        String[][] cases = {
                {"agent_id", "{\"agent_id\":\"12a\",\"name\":\"N\",\"nickname\":\"N\",\"email\":\"x@example.com\",\"role_id\":" + role + "}"},
                {"agent_id", "{\"agent_id\":\"123456789012345678901\",\"name\":\"N\",\"nickname\":\"N\",\"email\":\"x@example.com\",\"role_id\":" + role + "}"},
                {"name", "{" + ok.replace("\"name\":\"N\"", "\"name\":\"" + "n".repeat(33) + "\"") + "}"},
                {"nickname", "{" + ok.replace("\"nickname\":\"N\"", "\"nickname\":\"\"") + "}"},
                {"email", "{" + ok.replace("v" + id + "@example.com", "not-an-address") + "}"},
                {"role_id", "{" + ok.replace("\"role_id\":" + role, "\"role_id\":987654") + "}"},
                {"skill_group_ids", "{" + ok + ",\"skill_group_ids\":[987654]}"},
                {"phone_number", "{" + ok + ",\"phone_number\":\"12345\"}"},
                {"mobile_answering", "{" + ok + ",\"mobile_answering\":\"sometimes\"}"},
                {"mobile_answering", "{" + ok + ",\"mobile_answering\":\"always\"}"},
        };
        for (String[] c : cases) {
            Api.Answer a = admin.post(base + "/agents", c[1]);
            assertEquals(c[1] + " → " + a, 422, a.status());
            assertEquals(c[1] + " → " + a, c[0], a.errorField());
        }
        assertEquals(400, admin.post(base + "/agents", "{" + ok + ",\"password\":\"x\"}").status());
        assertEquals(201, admin.post(base + "/agents", "{" + ok + "}").status());
        Api.Answer dupId = admin.post(base + "/agents", "{" + ok.replace("v" + id + "@", "w" + id + "@") + "}");
        assertEquals(dupId.toString(), 409, dupId.status());
        assertEquals("agent_id", dupId.errorField());
        Api.Answer dupEmail = admin.post(base + "/agents", "{" + ok.replace("\"" + id + "\"", "\"" + newAgentId() + "\"")
                .replace("v" + id, "V" + id) + "}");
        assertEquals(dupEmail.toString(), 409, dupEmail.status());
        assertEquals("email", dupEmail.errorField());
        Api.Answer changeEmail = admin.patch(base + "/agents/" + id, "{\"email\":\"other@example.com\"}");
        assertEquals(422, changeEmail.status());
        assertEquals("email", changeEmail.errorField());
        Api.Answer changeId = admin.patch(base + "/agents/" + id, "{\"agent_id\":\"1\"}");
        assertEquals(422, changeId.status());
        assertEquals("agent_id", changeId.errorField());
        Api.Answer renamed = admin.patch(base + "/agents/" + id, "{\"name\":\"Renamed\",\"phone_number\":\"+8613800000000\","
                + "\"mobile_answering\":\"when_offline\"}");
        assertEquals(renamed.toString(), 200, renamed.status());
        assertEquals("008613800000000", renamed.json().get("phone_number").asText());
        assertEquals(1, admin.get(base + "/agents?name=renamed&agent_id=" + id).json().get("total").asLong());
        assertEquals(204, admin.delete(base + "/agents/" + id).status());
        assertEquals(404, admin.get(base + "/agents/" + id).status());
    }

    @Test
    public void membersHavePriority1To5AndBlockGroupDeleteAndSimultaneousRingingTakesTwo() {
        String[] a = agent(builtinRole("ordinary_agent"));
        String[] b = agent(builtinRole("ordinary_agent"));
        String[] c = agent(builtinRole("ordinary_agent"));
        long g = group("Members " + a[0]);
        String members = base + "/skill-groups/" + g + "/agents";
        Api.Answer bad = admin.post(members, "{\"agents\":[{\"agent_id\":\"" + a[0] + "\",\"priority\":6}]}");
        assertEquals(bad.toString(), 422, bad.status());
        assertEquals("agents[0].priority", bad.errorField());
        Api.Answer added = admin.post(members, "{\"agents\":[{\"agent_id\":\"" + a[0] + "\",\"priority\":1},"
                + "{\"agent_id\":\"" + b[0] + "\"}]}");
        assertEquals(added.toString(), 200, added.status());
        assertEquals(2, added.json().get("agent_count").asInt());
        assertEquals(3, added.json().get("agents").get(1).get("priority").asInt());
        assertEquals(5, admin.patch(members + "/" + b[0], "{\"priority\":5}").json().get("agents").get(1)
                .get("priority").asInt());
        Api.Answer delete = admin.delete(base + "/skill-groups/" + g);
        assertEquals(409, delete.status());
        Api.Answer simultaneous = admin.patch(base + "/skill-groups/" + g, "{\"ringing_mode\":\"simultaneous\"}");
        assertEquals(simultaneous.toString(), 200, simultaneous.status());
        Api.Answer third = admin.post(members, "{\"agents\":[{\"agent_id\":\"" + c[0] + "\"}]}");
        assertEquals(third.toString(), 422, third.status());
        assertEquals("agents", third.errorField());
        assertEquals(200, admin.delete(members + "/" + a[0]).status());
        assertEquals(200, admin.delete(members + "/" + b[0]).status());
        assertEquals(404, admin.delete(members + "/" + b[0]).status());
        assertEquals(204, admin.delete(base + "/skill-groups/" + g).status());
    }

    @Test
    public void customRoleWithScopeMovesItsMembersAndCannotBeDeletedWhileHeld() {
        String[] a = agent(builtinRole("ordinary_agent"));
        long g = group("Scope " + a[0]);
        Api.Answer noMembers = admin.post(base + "/roles", "{\"name\":\"Leads " + a[0] + "\",\"permissions\":[\"overview\"]}");
        assertEquals(422, noMembers.status());
        assertEquals("member_agent_ids", noMembers.errorField());
        Api.Answer badPermission = admin.post(base + "/roles", "{\"name\":\"Leads " + a[0]
                + "\",\"permissions\":[\"root\"],\"member_agent_ids\":[\"" + a[0] + "\"]}");
        assertEquals("permissions", badPermission.errorField());
        Api.Answer created = admin.post(base + "/roles", "{\"name\":\"Leads " + a[0] + "\",\"permissions\":"
                + "[\"overview\",\"skill_groups\"],\"skill_group_scope\":{\"overview\":[" + g + "]},\"member_agent_ids\":[\""
                + a[0] + "\"]}");
        assertEquals(created.toString(), 201, created.status());
        assertEquals("[" + g + "]", created.json().get("skill_group_scope").get("overview").toString());
        assertEquals(1, created.json().get("member_count").asInt());
        long role = created.json().get("id").asLong();
        assertEquals(409, admin.post(base + "/roles", "{\"name\":\"LEADS " + a[0]
                + "\",\"permissions\":[\"overview\"],\"member_agent_ids\":[\"" + a[0] + "\"]}").status());
        Api lead = login(a[1], a[2]);
        assertEquals(200, lead.get(base + "/skill-groups").status());
        assertEquals(403, lead.get(base + "/agents").status());
        assertEquals(409, admin.delete(base + "/roles/" + role).status());
        assertEquals(409, admin.delete(base + "/roles/" + builtinRole("quality_inspector")).status());
        assertEquals(200, admin.patch(base + "/agents/" + a[0], "{\"role_id\":" + builtinRole("ordinary_agent") + "}")
                .status());
        assertEquals(204, admin.delete(base + "/roles/" + role).status());
        assertEquals(204, admin.delete(base + "/skill-groups/" + g).status());
    }

    @Test
    public void csvImportCreatesAllRowsOrNoneWithErrorsByLine() throws Exception {
        Api.Answer template = admin.get(base + "/agents/import-template");
        assertEquals(200, template.status());
        assertTrue(template.body().startsWith("name,nickname,agent_id,email,role,skill_groups,phone_number"));
        String id1 = newAgentId();
        String id2 = newAgentId();
        String header = "name,nickname,agent_id,email,role,skill_groups,phone_number\n";
        HttpResponse<String> failed = upload(header + "Ann,A," + id1 + ",i" + id1 + "@example.com,Ordinary agent,,\n"
                + "Bob,B,xx,i" + id2 + "@example.com,Ordinary agent,,\n");
        assertEquals(failed.body(), 422, failed.statusCode());
        JsonNode errors = Api.JSON.readTree(failed.body()).get("errors");
        assertEquals(3, errors.get(0).get("line").asInt());
        assertEquals("agent_id", errors.get(0).get("field").asText());
        assertEquals(404, admin.get(base + "/agents/" + id1).status());
        HttpResponse<String> ok = upload(header + "Ann,A," + id1 + ",i" + id1 + "@example.com,Ordinary agent,,\n"
                + "Bob,B," + id2 + ",i" + id2 + "@example.com,Quality inspector,,\n");
        assertEquals(ok.body(), 201, ok.statusCode());
        String password = Api.JSON.readTree(ok.body()).get("created").get(1).get("password").asText();
        assertEquals(200, anonymous.basic("i" + id2 + "@example.com", password).get("/auth/me").status());
    }

    @Test
    public void breakReasonsAndBasicSettingsNeedBasicSettingsPermission() {
        Api.Answer tooLong = admin.post(base + "/break-reasons", "{\"name\":\"" + "x".repeat(21) + "\"}");
        assertEquals(422, tooLong.status());
        assertEquals("name", tooLong.errorField());
        String name = "Lunch " + newAgentId().substring(0, 6);
        Api.Answer created = admin.post(base + "/break-reasons", "{\"name\":\"" + name + "\"}");
        assertEquals(created.toString(), 201, created.status());
        assertTrue(created.json().get("enabled").asBoolean());
        long id = created.json().get("id").asLong();
        assertEquals(409, admin.post(base + "/break-reasons", "{\"name\":\"" + name.toUpperCase() + "\"}").status());
        assertEquals(false, admin.patch(base + "/break-reasons/" + id, "{\"enabled\":false}").json().get("enabled")
                .asBoolean());
        Api.Answer bad = admin.patch(base + "/settings/basic", "{\"default_status_after_login\":\"asleep\"}");
        assertEquals(422, bad.status());
        assertEquals("default_status_after_login", bad.errorField());
        assertEquals("busy", admin.patch(base + "/settings/basic", "{\"default_status_after_login\":\"busy\"}")
                .json().get("default_status_after_login").asText());
        assertEquals("busy", admin.get(base + "/settings/basic").json().get("default_status_after_login").asText());
        assertEquals(200, admin.get("/instances/" + instances.defaultInstance().id()).status());
        String[] a = agent(builtinRole("ordinary_agent"));
        Api agent = login(a[1], a[2]);
        assertEquals(403, agent.get(base + "/break-reasons").status());
        assertEquals(403, agent.get(base + "/settings/basic").status());
        assertEquals(204, admin.delete(base + "/break-reasons/" + id).status());
        admin.patch(base + "/settings/basic", "{\"default_status_after_login\":\"available\"}");
    }

    @Test
    public void blocklistAddsCanonicalNumbersChecksAndRemoves() {
        String number = "+4420" + newAgentId().substring(0, 7);
        Api.Answer local = admin.post(base + "/blocklist", "{\"number\":\"12345\"}");
        assertEquals("a local number without its area code", 422, local.status());
        assertEquals("number", local.errorField());
        // SPEC 0.2: a national number gets the default country code (86) and keeps its trunk 0
        String shenzhen = "0755" + newAgentId().substring(0, 8);
        Api.Answer national = admin.post(base + "/blocklist", "{\"number\":\"" + shenzhen + "\"}");
        assertEquals(national.toString(), 201, national.status());
        assertEquals("0086" + shenzhen, national.json().get("number").asText());
        assertEquals(204, admin.delete(base + "/blocklist/" + national.json().get("id").asLong()).status());
        Api.Answer added = admin.post(base + "/blocklist", "{\"number\":\"" + number + "\",\"remark\":\"spam\"}");
        assertEquals(added.toString(), 201, added.status());
        // +44 20 … is the London number dialled 020 … in the UK: SPEC 0.2 keeps its trunk 0
        String canonical = "00440" + number.substring(3);
        assertEquals(canonical, added.json().get("number").asText());
        assertEquals("admin", added.json().get("added_by").asText());
        assertEquals(409, admin.post(base + "/blocklist", "{\"number\":\"" + canonical + "\"}").status());
        assertTrue(admin.get(base + "/blocklist/check?number=" + canonical).json().get("blocked").asBoolean());
        String[] a = agent(builtinRole("ordinary_agent"));
        assertEquals(403, login(a[1], a[2]).get(base + "/blocklist").status());
        assertEquals(204, admin.delete(base + "/blocklist/" + added.json().get("id").asLong()).status());
        assertTrue(!admin.get(base + "/blocklist/check?number=" + canonical).json().get("blocked").asBoolean());
    }

    private HttpResponse<String> upload(String csv) throws Exception {
        String password = auth.initialAdminPassword().orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ParleyContainer.HTTP_PORT
                        + "/api/v1" + base + "/agents:import"))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
