package io.parley.itest;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import java.util.ArrayList;
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
 * Which calls each role may make, over real HTTP, for a representative call of every endpoint
 * family. The expected table is derived from SPEC §5.2 (each permission grants the resources of
 * its section) and the built-in roles' permission sets of §5.1: Administrator holds every
 * permission; Quality inspector holds workstation, overview, analytics.*, records.* and
 * monitoring.* (reviews, configures nothing); Ordinary agent holds workstation only. Instances
 * and SIP channels are appliance-level (§0.1, §32): no instance role reaches them. A custom role
 * holds exactly what it lists.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RolesIT {

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

    /** A call, and the permission of SPEC §5.2 that grants it (null: appliance administrator only; "" any agent). */
    private record Call(String method, String path, String body, String permission) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Call> calls() {
        return List.of(
                new Call("GET", "/instances", null, ""),
                new Call("GET", base, null, ""),
                new Call("POST", "/instances", "{\"name\":\"Denied " + newId() + "\"}", null),
                new Call("GET", "/sip-channels", null, null),
                new Call("GET", base + "/skill-groups", null, "skill_groups"),
                new Call("POST", base + "/skill-groups", "{\"name\":\"\"}", "skill_groups"),
                new Call("GET", base + "/agents", null, "agents"),
                new Call("GET", base + "/agents/import-template", null, "agents"),
                new Call("GET", base + "/roles", null, "roles"),
                new Call("GET", base + "/break-reasons", null, "basic_settings"),
                new Call("GET", base + "/settings/basic", null, "basic_settings"),
                new Call("GET", base + "/settings/inbound", null, "telephony_settings"),
                new Call("PATCH", base + "/settings/inbound", "{\"ring_timeout_s\":1}", "telephony_settings"),
                new Call("GET", base + "/settings/general", null, "telephony_settings"),
                new Call("GET", base + "/settings/outbound", null, "numbers"),
                new Call("GET", base + "/popups", null, "popups"),
                new Call("POST", base + "/popups", "{\"name\":\"\"}", "popups"),
                new Call("GET", base + "/blocklist", null, "blocklist"),
                new Call("POST", base + "/blocklist:bulk-delete", "{\"ids\":[]}", "blocklist"),
                new Call("GET", base + "/numbers", null, "numbers"),
                new Call("GET", base + "/phones", null, "phones"),
                new Call("GET", base + "/hot-words", null, "hot_words"),
                new Call("GET", base + "/audio-files", null, "audio"),
                new Call("GET", "/auth/me", null, ""));
    }

    private static String newId() {
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

    private Api agentWithRole(long roleId) {
        String id = newId();
        String email = "r" + id + "@example.com";
        Api.Answer created = admin.post(base + "/agents", "{\"agent_id\":\"" + id + "\",\"name\":\"R " + id
                + "\",\"nickname\":\"R\",\"email\":\"" + email + "\",\"role_id\":" + roleId + "}");
        assertEquals(created.toString(), 201, created.status());
        Api.Answer token = anonymous.basic(email, created.json().get("password").asText()).post("/auth/tokens", null);
        assertEquals(token.toString(), 201, token.status());
        return anonymous.bearer(token.json().get("token").asText());
    }

    /**
     * Runs every call as the caller; a call its permissions grant must get past authorisation
     * (any status but 401/403: 200, or 4xx for the deliberately invalid bodies), the others 403.
     */
    private void check(String role, Api caller, List<String> held) {
        List<String> wrong = new ArrayList<>();
        for (Call c : calls()) {
            boolean allowed = c.permission() != null && (c.permission().isEmpty() || held.contains(c.permission()));
            Api.Answer a = caller.send(c.method(), c.path(), c.body());
            boolean passed = a.status() != 403 && a.status() != 401;
            if (allowed != passed) {
                wrong.add(c + " → " + a.status() + " (expected " + (allowed ? "allowed" : "403") + ")");
            } else if (!allowed && !"FORBIDDEN".equals(a.errorCode())) {
                wrong.add(c + " → 403 without the FORBIDDEN body: " + a.body());
            }
        }
        assertEquals(role + ": " + wrong, List.of(), wrong);
    }

    @Test
    public void administratorRoleReachesEveryInstanceFamilyButNotTheAppliance() {
        check("Administrator", agentWithRole(builtinRole("administrator")), List.of("skill_groups", "agents", "roles",
                "basic_settings", "telephony_settings", "numbers", "popups", "blocklist", "phones", "hot_words", "audio"));
    }

    @Test
    public void qualityInspectorConfiguresNothing() {
        check("Quality inspector", agentWithRole(builtinRole("quality_inspector")), List.of());
    }

    @Test
    public void ordinaryAgentConfiguresNothing() {
        Api agent = agentWithRole(builtinRole("ordinary_agent"));
        check("Ordinary agent", agent, List.of());
        // workstation's one write here: adding a caller to the blocklist, only while allowed (§24.1)
        assertEquals(403, agent.post(base + "/blocklist", "{\"number\":\"+441234567890\"}").status());
    }

    @Test
    public void customRoleHoldsExactlyWhatItLists() {
        String id = newId();
        Api.Answer member = admin.post(base + "/agents", "{\"agent_id\":\"" + id + "\",\"name\":\"C\",\"nickname\":\"C\","
                + "\"email\":\"c" + id + "@example.com\",\"role_id\":" + builtinRole("ordinary_agent") + "}");
        assertEquals(member.toString(), 201, member.status());
        Api.Answer role = admin.post(base + "/roles", "{\"name\":\"Pop-up editors " + id + "\",\"permissions\":"
                + "[\"popups\",\"skill_groups\",\"numbers\"],\"member_agent_ids\":[\"" + id + "\"]}");
        assertEquals(role.toString(), 201, role.status());
        Api.Answer token = anonymous.basic("c" + id + "@example.com", member.json().get("password").asText())
                .post("/auth/tokens", null);
        check("custom role", anonymous.bearer(token.json().get("token").asText()),
                List.of("popups", "skill_groups", "numbers"));
    }

    @Test
    public void theApplianceAdministratorReachesEverything() {
        List<String> wrong = new ArrayList<>();
        for (Call c : calls()) {
            Api.Answer a = admin.send(c.method(), c.path(), c.body());
            if (a.status() == 401 || a.status() == 403) {
                wrong.add(c + " → " + a.status());
            }
        }
        assertEquals(wrong.toString(), List.of(), wrong);
    }
}
