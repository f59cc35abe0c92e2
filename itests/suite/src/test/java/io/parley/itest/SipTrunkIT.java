package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The appliance's trunks against real SIP peers (SPEC §1.2, §1.5, §34 p4): it registers a
 * {@code carrier_account} channel to a SIPp carrier on 127.0.0.4 with digest authentication,
 * refreshes before expiry and unregisters when the channel is deleted; it probes
 * {@code public_trunk} peers with OPTIONS, a SIPp peer on 127.0.0.5 answering and 127.0.0.6
 * silent. Short trunk timings come from etc/io.parley.sip.cfg: channels re-read and peers probed
 * every second, a 60 s registration refreshed 50 s early (so after 10 s), retries after 1 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipTrunkIT {

    private static final String CARRIER_USER = "acct4711";
    private static final String CARRIER_PASSWORD = "Carrier#2024x";

    @Inject
    AuthenticationService auth;

    @Inject
    SessionFactory sessions;

    private Api admin;

    @Configuration
    public Option[] config() {
        String cfg = "etc/io.parley.sip.cfg";
        return ParleyContainer.configuration(
                editConfigurationFilePut(cfg, "trunkPollSeconds", "1"),
                editConfigurationFilePut(cfg, "trunkOptionsIntervalSeconds", "1"),
                editConfigurationFilePut(cfg, "trunkOptionsFailures", "3"),
                editConfigurationFilePut(cfg, "trunkRefreshMarginSeconds", "50"),
                editConfigurationFilePut(cfg, "trunkRetryMinSeconds", "1"));
    }

    @Before
    public void connect() {
        admin = Api.appliance().asAdmin(auth);
    }

    @Test
    public void registersToTheCarrierWithDigestRefreshesBeforeExpiryAndUnregistersOnDelete() throws Exception {
        Sipp.Running carrier = Sipp.scenario("carrier_registrar.xml").from("127.0.0.4")
                .args("-key", "user", CARRIER_USER, "-key", "pass", CARRIER_PASSWORD)
                .timeout(Duration.ofSeconds(90)).start();
        try {
            String name = "carrier " + unique();
            Api.Answer created = admin.post("/sip-channels", "{\"name\":\"" + name + "\",\"device_type\":\"sip_trunk\","
                    + "\"docking_mode\":\"carrier_account\",\"username\":\"" + CARRIER_USER + "\",\"password\":\""
                    + CARRIER_PASSWORD + "\",\"server_host\":\"127.0.0.4\",\"server_port\":" + carrier.localPort()
                    + ",\"transport\":\"udp\",\"registration_expiry_s\":60}");
            assertEquals(created.toString(), 201, created.status());
            long id = created.json().get("id").asLong();

            JsonNode registered = await(id, c -> "registered".equals(c.path("status").asText()), Duration.ofSeconds(30));
            JsonNode r = registered.path("registration");
            assertEquals(registered.toString(), 200, r.path("last_status_code").asInt());
            assertEquals(registered.toString(), "sip:127.0.0.4:" + carrier.localPort() + ";transport=udp",
                    r.path("registrar").asText());
            assertTrue(registered.toString(), r.path("contact").asText().startsWith("sip:" + CARRIER_USER + "@"));
            assertFalse(registered.toString(), r.path("expires_at").isMissingNode());
            String firstRegistration = r.path("registered_at").asText();

            // the carrier grants 60 s; the refresh comes about 10 s later, challenged and answered again
            JsonNode refreshed = await(id, c -> !firstRegistration.equals(c.path("registration").path("registered_at").asText())
                    && "registered".equals(c.path("status").asText()), Duration.ofSeconds(40));
            assertNotEquals(firstRegistration, refreshed.path("registration").path("registered_at").asText());
            assertEquals(refreshed.toString(), 0, refreshed.path("registration").path("consecutive_failures").asInt());

            String table = shell("parley:sip-trunks " + id);
            assertTrue(table, table.contains(name) && table.contains("registered") && table.contains("127.0.0.4"));

            Api.Answer deleted = admin.delete("/sip-channels/" + id);
            assertTrue(deleted.toString(), deleted.status() / 100 == 2);
            // SIPp's scenario ends with the authenticated unregister (Expires: 0): exit 0 = all of it happened
            Sipp.Result run = carrier.await(Duration.ofSeconds(40));
            assertEquals(run.toString(), 0, run.exit());
        } finally {
            carrier.stop();
        }
    }

    /**
     * Issue 19 item 5: a carrier refusing our credentials degrades {@code /health}, which names the
     * account, and {@code parley:status} counts it; once the channel is gone it is no longer named.
     */
    @Test
    public void aCarrierRefusingOurCredentialsDegradesHealthNamingTheAccountUntilTheChannelGoes() throws Exception {
        Sipp.Running carrier = Sipp.scenario("carrier_registrar.xml").from("127.0.0.7")
                .args("-key", "user", CARRIER_USER, "-key", "pass", CARRIER_PASSWORD)
                .timeout(Duration.ofSeconds(60)).start();
        String name = "refused " + unique();
        long id = 0;
        try {
            Api.Answer created = admin.post("/sip-channels", "{\"name\":\"" + name + "\",\"device_type\":\"sip_trunk\","
                    + "\"docking_mode\":\"carrier_account\",\"username\":\"" + CARRIER_USER + "\",\"password\":\""
                    + "not-" + CARRIER_PASSWORD + "\",\"server_host\":\"127.0.0.7\",\"server_port\":" + carrier.localPort()
                    + ",\"transport\":\"udp\",\"registration_expiry_s\":60}");
            assertEquals(created.toString(), 201, created.status());
            id = created.json().get("id").asLong();

            Api.Answer health = awaitHealth(h -> h.path("trunks").path("failing_carrier_accounts").toString()
                    .contains(name), Duration.ofSeconds(30));
            assertEquals(health.toString(), 503, health.status());
            assertEquals(health.toString(), "degraded", health.json().path("status").asText());
            assertTrue(health.toString(), health.json().path("trunks").path("credential_refusals").asLong() >= 1);
            String status = shell("parley:status");
            assertTrue(status, status.contains("Trunks") && status.contains(name));

            Api.Answer deleted = admin.delete("/sip-channels/" + id);
            id = 0;
            assertTrue(deleted.toString(), deleted.status() / 100 == 2);
            awaitHealth(h -> !h.path("trunks").path("failing_carrier_accounts").toString().contains(name),
                    Duration.ofSeconds(30));
        } finally {
            carrier.stop();
            if (id != 0) {
                // a failing carrier account keeps health degraded: the other tests wait for "up"
                admin.delete("/sip-channels/" + id);
            }
        }
    }

    /** GETs {@code /health} until {@code condition} holds on its body; fails with the last answer after {@code max}. */
    private Api.Answer awaitHealth(Predicate<JsonNode> condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Api.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = admin.get("/health");
            if (condition.test(last.json())) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("health did not reach the expected state within " + max.toSeconds() + " s; last: " + last);
    }

    /**
     * Issue 19 item 4: after the account is edited, the new REGISTER leaves only once the carrier
     * has answered the old binding's {@code Expires: 0} — here 2 s late. Requests carry the
     * configured User-Agent (issue 19 item 5).
     */
    @Test
    public void anEditedAccountRegistersAnewOnlyAfterTheCarrierAnsweredTheOldBindingsRemoval() throws Exception {
        Sipp.Running carrier = Sipp.scenario("carrier_unregister_late.xml").from("127.0.0.4").calls(2)
                .timeout(Duration.ofSeconds(90)).start();
        long id = 0;
        try {
            Api.Answer created = admin.post("/sip-channels", "{\"name\":\"late carrier " + unique()
                    + "\",\"device_type\":\"sip_trunk\",\"docking_mode\":\"carrier_account\",\"username\":\""
                    + CARRIER_USER + "\",\"password\":\"" + CARRIER_PASSWORD + "\",\"server_host\":\"127.0.0.4\","
                    + "\"server_port\":" + carrier.localPort() + ",\"transport\":\"udp\",\"registration_expiry_s\":60}");
            assertEquals(created.toString(), 201, created.status());
            id = created.json().get("id").asLong();
            JsonNode first = await(id, c -> "registered".equals(c.path("status").asText()), Duration.ofSeconds(30));
            String firstRegistration = first.path("registration").path("registered_at").asText();

            Api.Answer edited = admin.patch("/sip-channels/" + id, "{\"password\":\"Changed#2025y\"}");
            assertEquals(edited.toString(), 200, edited.status());
            await(id, c -> "registered".equals(c.path("status").asText())
                    && !firstRegistration.equals(c.path("registration").path("registered_at").asText()),
                    Duration.ofSeconds(40));

            assertEquals(204, admin.delete("/sip-channels/" + id).status());
            id = 0;
            Sipp.Result run = carrier.await(Duration.ofSeconds(40));
            assertEquals(run.toString(), 0, run.exit());

            List<String> log = List.of(run.messages().split("-{20,}"));
            int unregister = indexOf(log, 0, m -> m.contains("message received") && m.contains("REGISTER sip:")
                    && m.matches("(?s).*\\nExpires: *0\\s.*"));
            assertTrue(run.messages(), unregister >= 0);
            String oldCallId = callId(log.get(unregister));
            int lateAnswer = indexOf(log, unregister, m -> m.contains("message sent") && m.contains("SIP/2.0 200 OK")
                    && oldCallId.equals(callId(m)));
            int newRegister = indexOf(log, 0, m -> m.contains("message received") && m.contains("REGISTER sip:")
                    && !oldCallId.equals(callId(m)));
            assertTrue(run.messages(), lateAnswer > unregister && newRegister > 0);
            assertTrue("the new REGISTER arrived before the carrier answered the unregister:\n" + run.messages(),
                    newRegister > lateAnswer);
            assertTrue(run.messages(), log.get(newRegister).contains("User-Agent: Parley"));
        } finally {
            if (id != 0) {
                admin.delete("/sip-channels/" + id);
            }
            carrier.stop();
        }
    }

    private static int indexOf(List<String> log, int from, Predicate<String> message) {
        for (int i = from; i < log.size(); i++) {
            if (message.test(log.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String callId(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?mi)^Call-ID:\\s*(\\S+)").matcher(message);
        return m.find() ? m.group(1) : "";
    }

    @Test
    public void aPeerThatAnswersOptionsIsReachableAndASilentOneUnreachableAfterThreeMisses() throws Exception {
        Sipp.Running peer = Sipp.scenario("options_peer.xml").from("127.0.0.5").calls(300)
                .timeout(Duration.ofSeconds(90)).start();
        int silentPort = Sipp.freePort("127.0.0.6", false);
        long answering = 0;
        long silent = 0;
        try {
            answering = createPublicTrunk("127.0.0.5", peer.localPort());
            silent = createPublicTrunk("127.0.0.6", silentPort);

            JsonNode up = await(answering, c -> "reachable".equals(c.path("status").asText()), Duration.ofSeconds(30));
            JsonNode p = up.path("peer_status").path(0);
            assertTrue(up.toString(), p.path("reachable").asBoolean());
            assertEquals(up.toString(), peer.localPort(), p.path("port").asInt());
            assertTrue(up.toString(), p.path("round_trip_ms").isNumber());
            assertEquals(up.toString(), 200, p.path("last_status_code").asInt());

            JsonNode down = await(silent, c -> c.path("peer_status").path(0).path("consecutive_failures").asInt() >= 3,
                    Duration.ofSeconds(30));
            assertEquals(down.toString(), "unreachable", down.path("status").asText());
            assertFalse(down.toString(), down.path("peer_status").path(0).path("reachable").asBoolean());

            String table = shell("parley:sip-trunks");
            assertTrue(table, table.contains("127.0.0.5:" + peer.localPort() + " up")
                    && table.contains("127.0.0.6:" + silentPort + " down"));

            // the answering peer goes away: three missed probes later it is unreachable
            peer.stop();
            JsonNode gone = await(answering, c -> "unreachable".equals(c.path("status").asText()), Duration.ofSeconds(30));
            assertTrue(gone.toString(), gone.path("peer_status").path(0).path("consecutive_failures").asInt() >= 3);
        } finally {
            peer.stop();
            if (answering != 0) {
                admin.delete("/sip-channels/" + answering);
            }
            if (silent != 0) {
                admin.delete("/sip-channels/" + silent);
            }
        }
    }

    // ---- helpers ----

    private long createPublicTrunk(String ip, int port) {
        Api.Answer created = admin.post("/sip-channels", "{\"name\":\"peer " + ip + " " + unique()
                + "\",\"device_type\":\"sip_trunk\",\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"" + ip
                + "\",\"port\":" + port + "}]}");
        assertEquals(created.toString(), 201, created.status());
        return created.json().get("id").asLong();
    }

    /** GETs the channel until {@code condition} holds; fails with the last answer after {@code max}. */
    private JsonNode await(long channelId, Predicate<JsonNode> condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Api.Answer a = admin.get("/sip-channels/" + channelId);
            assertEquals(a.toString(), 200, a.status());
            last = a.json();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("channel " + channelId + " did not reach the expected state within " + max.toSeconds()
                + " s; last seen: " + last);
    }

    private static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L), 36);
    }

    private String shell(String command) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            throw new IOException(command + ": " + e.getMessage(), e);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
