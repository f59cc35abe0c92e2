package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import io.parley.api.mail.Mailer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Over real HTTP and the shell: the settings pages (SPEC §11.1, §15.1, §21.1, §24.1, §25, §26.1),
 * pop-up pages (§13.1), the rest of the blocklist (§24.2), password mail through an SMTP server
 * (§4.2) and skill-group scope on agents and groups (§5.3).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PeopleSettingsIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    Mailer mailer;

    @Inject
    SessionFactory sessions;

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

    /** Creates an agent; returns [agent_id, email, password or null when mailed]. */
    private String[] agent(long roleId, String groupsJson) {
        String id = newId();
        String email = "s" + id + "@example.com";
        Api.Answer created = admin.post(base + "/agents", "{\"agent_id\":\"" + id + "\",\"name\":\"Agent " + id
                + "\",\"nickname\":\"A\",\"email\":\"" + email + "\",\"role_id\":" + roleId
                + (groupsJson == null ? "" : ",\"skill_group_ids\":" + groupsJson) + "}");
        assertEquals(created.toString(), 201, created.status());
        return new String[] {id, email, created.json().path("password").asText(null)};
    }

    private Api login(String email, String password) {
        Api.Answer token = anonymous.basic(email, password).post("/auth/tokens", null);
        assertEquals(token.toString(), 201, token.status());
        return anonymous.bearer(token.json().get("token").asText());
    }

    private long group(String name) {
        Api.Answer g = admin.post(base + "/skill-groups", "{\"name\":\"" + name + "\"}");
        assertEquals(g.toString(), 201, g.status());
        return g.json().get("id").asLong();
    }

    private static void expect(Api.Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status());
        if (field != null) {
            assertEquals(a.toString(), field, a.errorField());
        }
    }

    @Test
    public void inboundAndOutboundSettingsHaveSpecDefaultsRangesAndChangeAllOrNothing() {
        JsonNode inbound = admin.get(base + "/settings/inbound").json();
        assertEquals("longest_idle", inbound.get("basic_routing").asText());
        assertEquals("all", inbound.get("auto_answer_windows").asText());
        assertEquals(10, inbound.get("ring_timeout_s").asInt());
        assertEquals(3, inbound.get("restore_after_call_s").asInt());
        assertTrue(inbound.get("ring_timeout_transfer").asBoolean());
        assertFalse(inbound.get("break_after_ring_timeout").asBoolean());

        expect(admin.patch(base + "/settings/inbound", "{\"ring_timeout_s\":4}"), 422, "ring_timeout_s");
        expect(admin.patch(base + "/settings/inbound", "{\"ring_timeout_s\":121}"), 422, "ring_timeout_s");
        expect(admin.patch(base + "/settings/inbound", "{\"ring_timeout_s\":30,\"restore_after_call_s\":601}"), 422,
                "restore_after_call_s");
        assertEquals("nothing changed", 10, admin.get(base + "/settings/inbound").json().get("ring_timeout_s").asInt());
        expect(admin.patch(base + "/settings/inbound", "{\"ring_timeout_s\":\"30\"}"), 400, "ring_timeout_s");
        expect(admin.patch(base + "/settings/inbound", "{\"basic_routing\":\"random\"}"), 422, "basic_routing");
        expect(admin.patch(base + "/settings/inbound", "{\"auto_answer\":1}"), 400, "auto_answer");
        expect(admin.patch(base + "/settings/inbound", "{\"colour\":\"red\"}"), 400, "colour");
        expect(admin.patch(base + "/settings/inbound", "{\"auto_answer_windows\":[{\"weekdays\":[\"mon\"],"
                + "\"from\":\"18:00\",\"to\":\"09:00\"}]}"), 422, "auto_answer_windows[0].to");

        Api.Answer ok = admin.patch(base + "/settings/inbound", "{\"basic_routing\":\"skill_group_priority\","
                + "\"ring_timeout_s\":25,\"auto_answer\":true,\"auto_answer_windows\":[{\"weekdays\":[\"mon\",\"tue\"],"
                + "\"from\":\"09:00\",\"to\":\"17:30\"}]}");
        assertEquals(ok.toString(), 200, ok.status());
        JsonNode read = admin.get(base + "/settings/inbound").json();
        assertEquals("skill_group_priority", read.get("basic_routing").asText());
        assertEquals(25, read.get("ring_timeout_s").asInt());
        assertEquals("[\"mon\",\"tue\"]", read.get("auto_answer_windows").get(0).get("weekdays").toString());
        assertEquals("17:30", read.get("auto_answer_windows").get(0).get("to").asText());
        // null restores the SPEC default
        assertEquals(200, admin.patch(base + "/settings/inbound", "{\"basic_routing\":null,\"ring_timeout_s\":null,"
                + "\"auto_answer\":null,\"auto_answer_windows\":null}").status());
        assertEquals(10, admin.get(base + "/settings/inbound").json().get("ring_timeout_s").asInt());

        assertEquals("skill_group", admin.get(base + "/settings/outbound").json().get("display_rule").asText());
        expect(admin.patch(base + "/settings/outbound", "{\"display_rule\":\"nearest\"}"), 422, "display_rule");
        JsonNode outbound = admin.patch(base + "/settings/outbound", "{\"display_rule\":\"same_area\","
                + "\"allow_agent_choose_number\":true}").json();
        assertEquals("same_area", outbound.get("display_rule").asText());
        assertTrue(outbound.get("allow_agent_choose_number").asBoolean());
        admin.patch(base + "/settings/outbound", "{\"display_rule\":null,\"allow_agent_choose_number\":null}");
    }

    @Test
    public void generalSettingsCheckHoldAudioMaskingAndMappingAndNeverShowSecrets() {
        JsonNode general = admin.get(base + "/settings/general").json();
        assertEquals("default", general.get("hold_audio").get("mode").asText());
        assertEquals("none", general.get("number_protection").get("mode").asText());
        assertFalse(general.get("allow_agent_blocklist").asBoolean());

        expect(admin.patch(base + "/settings/general", "{\"hold_audio\":{\"mode\":\"custom\"}}"), 422, "hold_audio.prompt");
        expect(admin.patch(base + "/settings/general", "{\"hold_audio\":{\"mode\":\"custom\",\"prompt\":{\"mode\":"
                + "\"audio\",\"audio_id\":\"0123456789abcdef0123456789abcdef\"}}}"), 422, "hold_audio.prompt.audio_id");
        expect(admin.patch(base + "/settings/general", "{\"hold_audio\":{\"mode\":\"custom\",\"prompt\":{\"mode\":"
                + "\"tts\",\"text\":\"" + "x".repeat(601) + "\"}}}"), 422, "hold_audio.prompt.text");
        JsonNode tts = admin.patch(base + "/settings/general", "{\"hold_audio\":{\"mode\":\"custom\",\"prompt\":"
                + "{\"text\":\"Please hold the line\"}}}").json();
        assertEquals("tts", tts.get("hold_audio").get("prompt").get("mode").asText());

        expect(admin.patch(base + "/settings/general", "{\"number_protection\":{\"mode\":\"hide\"}}"), 422,
                "number_protection.mode");
        expect(admin.patch(base + "/settings/general", "{\"number_protection\":{\"mode\":\"map_to_user_id\"}}"), 422,
                "number_protection.user_id_mapping");
        expect(admin.patch(base + "/settings/general", "{\"number_protection\":{\"mode\":\"map_to_user_id\","
                + "\"user_id_mapping\":{\"request_url\":\"ftp://crm.example.com\",\"auth\":\"basic\"}}}"), 422,
                "number_protection.user_id_mapping.request_url");
        expect(admin.patch(base + "/settings/general", "{\"number_protection\":{\"mode\":\"map_to_user_id\","
                + "\"user_id_mapping\":{\"request_url\":\"https://crm.example.com/map\",\"auth\":\"oauth2\"}}}"), 422,
                "number_protection.user_id_mapping.oauth2");
        Api.Answer mapped = admin.patch(base + "/settings/general", "{\"number_protection\":{\"mode\":\"map_to_user_id\","
                + "\"user_id_mapping\":{\"request_url\":\"https://crm.example.com/map\",\"auth\":\"basic\","
                + "\"username\":\"parley\",\"password\":\"Sup3r-secret\"}}}");
        assertEquals(mapped.toString(), 200, mapped.status());
        assertFalse(mapped.body(), mapped.body().contains("Sup3r-secret"));
        JsonNode mapping = admin.get(base + "/settings/general").json().get("number_protection").get("user_id_mapping");
        assertTrue(mapping.get("password_set").asBoolean());
        assertTrue(mapping.path("password").isMissingNode());
        assertEquals("parley", mapping.get("username").asText());

        assertEquals(200, admin.patch(base + "/settings/general", "{\"hold_audio\":null,\"number_protection\":null}")
                .status());
        assertEquals("none", admin.get(base + "/settings/general").json().get("number_protection").get("mode").asText());

        String[] agent = agent(builtinRole("ordinary_agent"), null);
        Api ordinary = login(agent[1], agent[2]);
        for (String page : new String[] {"inbound", "outbound", "general"}) {
            assertEquals(page, 403, ordinary.get(base + "/settings/" + page).status());
        }
    }

    @Test
    public void settingsFromTheShellShareTheRules() throws Exception {
        String out = run("parley:settings-set inbound ring_timeout_s 45");
        assertTrue(out, out.contains("ring_timeout_s: 45"));
        assertEquals(45, admin.get(base + "/settings/inbound").json().get("ring_timeout_s").asInt());
        out = run("parley:settings-set inbound auto_answer_windows \"sat,sun 10:00-12:00\"");
        assertTrue(out, out.contains("auto_answer_windows: sat,sun 10:00-12:00"));
        expectFailure("parley:settings-set inbound ring_timeout_s 500", "INVALID ring_timeout_s: must be 5..120");
        expectFailure("parley:settings-show weekly", "INVALID section: must be one of inbound, outbound, general, push, storage");
        run("parley:settings-set inbound ring_timeout_s null");
        run("parley:settings-set inbound auto_answer_windows null");
        assertTrue(run("parley:settings-show inbound").contains("ring_timeout_s: 10"));
    }

    @Test
    public void popupPagesAreHttpsAtMostTenAndOrdered() throws Exception {
        for (JsonNode p : admin.get(base + "/popups").json().get("items")) {
            admin.delete(base + "/popups/" + p.get("id").asLong());
        }
        expect(admin.post(base + "/popups", "{\"name\":\"CRM\",\"url\":\"http://crm.example.com/t\"}"), 422, "url");
        expect(admin.post(base + "/popups", "{\"name\":\"CRM\",\"url\":\"https://crm.example.com/t#x\"}"), 422, "url");
        expect(admin.post(base + "/popups", "{\"name\":\"" + "n".repeat(21) + "\",\"url\":\"https://crm.example.com/\"}"),
                422, "name");
        expect(admin.post(base + "/popups", "{\"name\":\"CRM\",\"url\":\"https://crm.example.com/\",\"width\":199}"),
                422, "width");
        expect(admin.post(base + "/popups", "{\"name\":\"CRM\",\"url\":\"https://crm.example.com/\",\"width\":1.5}"),
                400, "width");
        Api.Answer first = admin.post(base + "/popups", "{\"name\":\"CRM\",\"url\":\"https://crm.example.com/ticket\"}");
        assertEquals(first.toString(), 201, first.status());
        assertEquals("default", first.json().get("width").asText());
        assertFalse(first.json().get("enabled").asBoolean());
        assertFalse(first.json().get("always_visible").asBoolean());
        long crm = first.json().get("id").asLong();
        long wiki = admin.post(base + "/popups", "{\"name\":\"Wiki\",\"url\":\"https://wiki.example.com/\",\"width\":800,"
                + "\"enabled\":true,\"always_visible\":true}").json().get("id").asLong();
        Api.Answer up = admin.post(base + "/popups/" + wiki + ":move-up", null);
        assertEquals(up.toString(), 200, up.status());
        assertEquals(1, up.json().get("order").asInt());
        expect(admin.post(base + "/popups/" + wiki + ":move-up", null), 409, "order");
        assertEquals(wiki, admin.get(base + "/popups").json().get("items").get(0).get("id").asLong());
        assertTrue(admin.patch(base + "/popups/" + crm, "{\"enabled\":true}").json().get("enabled").asBoolean());
        for (int i = 3; i <= 10; i++) {
            assertEquals(201, admin.post(base + "/popups", "{\"name\":\"P" + i + "\",\"url\":\"https://p.example.com/"
                    + i + "\"}").status());
        }
        expect(admin.post(base + "/popups", "{\"name\":\"P11\",\"url\":\"https://p.example.com/11\"}"), 409, null);
        String table = run("parley:popup-list");
        assertTrue(table, table.contains("Wiki") && table.contains("https://crm.example.com/ticket"));
        expectFailure("parley:popup-add Eleventh https://x.example.com/", "CONFLICT the instance has 10 pop-up pages already "
                + "(at most 10); delete one first");
        for (JsonNode p : admin.get(base + "/popups").json().get("items")) {
            assertEquals(204, admin.delete(base + "/popups/" + p.get("id").asLong()).status());
        }
        String added = run("parley:popup-add --enabled --width 640 Tickets https://t.example.com/");
        assertTrue(added, added.contains("1. Tickets"));
        String[] agent = agent(builtinRole("ordinary_agent"), null);
        assertEquals(403, login(agent[1], agent[2]).get(base + "/popups").status());
    }

    @Test
    public void agentsBlocklistOnlyWhenAllowedAndAdminsImportAndRemoveInBulk() {
        String[] a = agent(builtinRole("ordinary_agent"), null);
        Api agent = login(a[1], a[2]);
        String number = "+4420" + newId().substring(0, 7);
        Api.Answer refused = agent.post(base + "/blocklist", "{\"number\":\"" + number + "\"}");
        expect(refused, 403, "allow_agent_blocklist");
        admin.patch(base + "/settings/general", "{\"allow_agent_blocklist\":true}");
        try {
            Api.Answer added = agent.post(base + "/blocklist", "{\"number\":\"" + number + "\",\"remark\":\"abusive\"}");
            assertEquals(added.toString(), 201, added.status());
            assertEquals("agent", added.json().get("source").asText());
            assertEquals(a[1], added.json().get("added_by").asText());
            assertEquals("removal and listing stay admin actions", 403,
                    agent.delete(base + "/blocklist/" + added.json().get("id").asLong()).status());
            assertEquals(403, agent.get(base + "/blocklist").status());
            // stored as 0044 020 … (SPEC 0.2: the number as dialled nationally, with its trunk 0)
            JsonNode bySource = admin.get(base + "/blocklist?source=agent&q=00440" + number.substring(3)).json();
            assertEquals(1, bySource.get("total").asInt());
            expect(admin.get(base + "/blocklist?source=robot"), 422, "source");
            assertEquals(204, admin.delete(base + "/blocklist/" + added.json().get("id").asLong()).status());
        } finally {
            admin.patch(base + "/settings/general", "{\"allow_agent_blocklist\":null}");
        }
        assertEquals(403, agent.post(base + "/blocklist", "{\"number\":\"" + number + "\"}").status());

        String n1 = "+4421" + newId().substring(0, 7);
        String n2 = "+4422" + newId().substring(0, 7);
        Api.Answer bulk = admin.post(base + "/blocklist:bulk-add", "{\"entries\":[{\"number\":\"" + n1 + "\"},"
                + "{\"number\":\"12345\"},{\"number\":\"" + n2 + "\",\"remark\":\"imported\"},{\"number\":\"" + n1 + "\"}]}");
        assertEquals(bulk.toString(), 200, bulk.status());
        JsonNode items = bulk.json().get("items");
        assertEquals(2, bulk.json().get("added").asInt());
        assertTrue(items.get(0).get("ok").asBoolean());
        assertEquals("INVALID", items.get(1).get("code").asText());
        assertEquals("number", items.get(1).get("field").asText());
        assertEquals("CONFLICT", items.get(3).get("code").asText());
        long id1 = items.get(0).get("id").asLong();
        long id2 = items.get(2).get("id").asLong();
        assertEquals("import", admin.get(base + "/blocklist/" + id1).json().get("source").asText());
        Api.Answer removed = admin.post(base + "/blocklist:bulk-delete", "{\"ids\":[" + id1 + "," + id2 + ",987654321]}");
        assertEquals(removed.toString(), 200, removed.status());
        assertEquals(2, removed.json().get("succeeded").asInt());
        assertEquals("NOT_FOUND", removed.json().get("items").get(2).get("error").get("code").asText());
        assertEquals(403, agent.post(base + "/blocklist:bulk-add", "{\"entries\":[]}").status());
    }

    @Test
    public void withAnSmtpRelayPasswordsAreMailedNotReturnedAndTheMailedOneLogsIn() throws Exception {
        Path cfg = Path.of(System.getProperty("karaf.etc"), "io.parley.mail.cfg");
        String shipped = Files.readString(cfg);
        try (SmtpSink smtp = new SmtpSink()) {
            Files.writeString(cfg, "host = 127.0.0.1\nport = " + smtp.port() + "\nfrom = parley@example.com\n");
            await(() -> mailer.configured(), "the mail configuration to apply");
            String[] a = agent(builtinRole("ordinary_agent"), null);
            assertEquals("the created agent's password is mailed, not returned", null, a[2]);
            String createdMail = smtp.await(1);
            assertTrue(createdMail, createdMail.contains("To: " + a[1]));
            Api.Answer reset = admin.post(base + "/agents/" + a[0] + ":reset-password", null);
            assertEquals(reset.toString(), 200, reset.status());
            assertTrue(reset.json().get("password").isNull());
            assertTrue(reset.json().get("mailed").asBoolean());
            assertEquals("sent to " + a[1], reset.json().get("delivery").asText());
            String resetMail = smtp.await(2);
            assertTrue(resetMail, resetMail.contains("Subject: Your new Parley password"));
            Matcher m = Pattern.compile("Password: (\\S+)").matcher(resetMail);
            assertTrue(resetMail, m.find());
            assertEquals(200, anonymous.basic(a[1], m.group(1)).get("/auth/me").status());
            Matcher old = Pattern.compile("Password: (\\S+)").matcher(createdMail);
            assertTrue(old.find());
            assertEquals(401, anonymous.basic(a[1], old.group(1)).get("/auth/me").status());
        } finally {
            Files.writeString(cfg, shipped);
            await(() -> !mailer.configured(), "the shipped mail configuration to come back");
        }
        String[] b = agent(builtinRole("ordinary_agent"), null);
        assertNotNull("without SMTP the password is returned once", b[2]);
    }

    @Test
    public void aRoleScopedToAGroupSeesOnlyThatGroupAndItsAgents() {
        long a = group("Scope A " + newId());
        long b = group("Scope B " + newId());
        long ordinary = builtinRole("ordinary_agent");
        String[] inA = agent(ordinary, "[" + a + "]");
        String[] inB = agent(ordinary, "[" + b + "]");
        String[] lead = agent(ordinary, null);
        Api.Answer role = admin.post(base + "/roles", "{\"name\":\"Lead " + lead[0] + "\",\"permissions\":[\"agents\","
                + "\"skill_groups\",\"workstation\"],\"skill_group_scope\":{\"agents\":[" + a + "],\"skill_groups\":[" + a
                + "]},\"member_agent_ids\":[\"" + lead[0] + "\"]}");
        assertEquals(role.toString(), 201, role.status());
        Api scoped = login(lead[1], lead[2]);

        JsonNode agents = scoped.get(base + "/agents?page_size=100").json();
        assertEquals(agents.toString(), 1, agents.get("total").asInt());
        assertEquals(inA[0], agents.get("items").get(0).get("agent_id").asText());
        assertEquals(200, scoped.get(base + "/agents/" + inA[0]).status());
        assertEquals("another group's agent is absent", 404, scoped.get(base + "/agents/" + inB[0]).status());
        assertEquals(404, scoped.post(base + "/agents/" + inB[0] + ":force-offline", null).status());
        expect(scoped.patch(base + "/agents/" + inA[0], "{\"skill_group_ids\":[" + b + "]}"), 403, "skill_group_ids");
        assertEquals(200, scoped.patch(base + "/agents/" + inA[0], "{\"name\":\"Renamed by lead\"}").status());

        JsonNode groups = scoped.get(base + "/skill-groups?page_size=100").json();
        assertEquals(1, groups.get("total").asInt());
        assertEquals(a, groups.get("items").get(0).get("id").asLong());
        assertEquals(404, scoped.get(base + "/skill-groups/" + b).status());
        assertEquals(404, scoped.delete(base + "/skill-groups/" + b + "/agents/" + inB[0]).status());
        assertEquals(403, scoped.post(base + "/skill-groups", "{\"name\":\"Mine " + lead[0] + "\"}").status());
        // the administrator still sees everything
        assertEquals(200, admin.get(base + "/agents/" + inB[0]).status());
    }

    @Test
    public void bulkEditChangesAllOrNoneAndExportUsesTheTemplateColumns() {
        long g = group("Bulk " + newId());
        long ordinary = builtinRole("ordinary_agent");
        long inspector = builtinRole("quality_inspector");
        String[] a = agent(ordinary, null);
        String[] b = agent(ordinary, null);
        Api.Answer unknown = admin.post(base + "/agents:bulk-edit", "{\"agent_ids\":[\"" + a[0] + "\",\"99999999999\"],"
                + "\"role_id\":" + inspector + "}");
        expect(unknown, 422, "agent_ids[1]");
        expect(admin.post(base + "/agents:bulk-edit", "{\"agent_ids\":[\"" + a[0] + "\",\"" + b[0] + "\"],"
                + "\"mobile_answering\":\"always\"}"), 422, "mobile_answering");
        assertEquals("nothing changed", ordinary, admin.get(base + "/agents/" + a[0]).json().get("role_id").asLong());
        Api.Answer done = admin.post(base + "/agents:bulk-edit", "{\"agent_ids\":[\"" + a[0] + "\",\"" + b[0] + "\"],"
                + "\"role_id\":" + inspector + ",\"skill_group_ids\":[" + g + "]}");
        assertEquals(done.toString(), 200, done.status());
        assertEquals(2, done.json().get("total").asInt());
        assertEquals(inspector, admin.get(base + "/agents/" + b[0]).json().get("role_id").asLong());
        Api.Answer csv = admin.get(base + "/agents:export?skill_group=" + g);
        assertEquals(csv.toString(), 200, csv.status());
        String[] lines = csv.body().split("\r\n");
        assertEquals("name,nickname,agent_id,email,role,skill_groups,phone_number", lines[0]);
        assertEquals(csv.body(), 3, lines.length);
        assertTrue(csv.body(), csv.body().contains("," + a[0] + "," + a[1] + ",Quality inspector,Bulk "));
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private void expectFailure(String command, String message) {
        try {
            String out = run(command);
            fail(command + " succeeded: " + out);
        } catch (Exception e) {
            assertEquals(message, e.getMessage());
        }
    }

    private String run(String command) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String name = command.split(" ")[0].substring("parley:".length());
        while (sessions.getRegistry().getCommand("parley", name) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("command parley:" + name + " never registered");
            }
            Thread.sleep(100);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * A minimal SMTP server on 127.0.0.1 (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA, QUIT)
     * that keeps every message it accepts, so the appliance's Jakarta Mail client talks to a real
     * socket. (The directory bundle's unit tests run the same mail against GreenMail.)
     */
    static final class SmtpSink implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final Thread thread = new Thread(this::serve, "smtp-sink");

        SmtpSink() throws java.io.IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** The n-th message (from 1), waiting for it up to 15 s. */
        String await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (messages.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no mail number " + n + " arrived; got " + messages.size());
                }
                Thread.sleep(50);
            }
            return messages.get(n - 1);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    reply(out, "220 sink ESMTP");
                    String line;
                    while ((line = in.readLine()) != null) {
                        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                        if (verb.equals("EHLO") || verb.equals("HELO")) {
                            reply(out, "250 sink");
                        } else if (verb.equals("DATA")) {
                            reply(out, "354 end with <CRLF>.<CRLF>");
                            StringBuilder message = new StringBuilder();
                            while ((line = in.readLine()) != null && !line.equals(".")) {
                                message.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
                            }
                            messages.add(message.toString());
                            reply(out, "250 queued");
                        } else if (verb.equals("QUIT")) {
                            reply(out, "221 bye");
                            break;
                        } else {
                            reply(out, "250 ok");
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed or a broken client: wait for the next one
                }
            }
        }

        private static void reply(OutputStream out, String line) throws java.io.IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }
}
