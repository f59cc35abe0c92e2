package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Nothing lost (issue 13): the distribution unpacked and started as an operator does, a SIPp
 * carrier's call up (hold music of the default handler), the appliance's JVM killed with
 * {@code kill -9}, the appliance started again: the call's service record is there, closed as
 * {@code system_error} at the time it was last seen, not later than the kill. Its own class: it
 * kills the appliance it started, never a shared container.
 */
public class ServiceRecordCrashIT {

    private static final int HTTP_PORT = ParleyContainer.port("parley.itest.restart.http.port");
    private static final int SIP_PORT = ParleyContainer.port("parley.itest.restart.sip.port");
    private static final String ADMIN_PASSWORD = "itest-secret-2024";
    private static final String CARRIER_IP = "127.0.0.84";

    private Path home;
    private Sipp.Running call;

    @Before
    public void unpack() throws Exception {
        Path target = Path.of("target", "records-crash").toAbsolutePath();
        run(List.of("rm", "-rf", target.toString()), Duration.ofSeconds(60));
        Files.createDirectories(target);
        run(List.of("tar", "xzf", new File(System.getProperty("parley.dist")).getAbsolutePath(), "-C", target.toString()),
                Duration.ofSeconds(120));
        try (var dirs = Files.list(target)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP_PORT));
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort",
                Integer.toString(ParleyContainer.port("parley.itest.restart.ssh.port")));
        setProperty("etc/system.properties", "parley.https.port",
                Integer.toString(ParleyContainer.port("parley.itest.restart.https.port")));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                Integer.toString(ParleyContainer.port("parley.itest.restart.rmi.registry.port")));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                Integer.toString(ParleyContainer.port("parley.itest.restart.rmi.server.port")));
        setProperty("etc/io.parley.sip.cfg", "port", Integer.toString(SIP_PORT));
        setProperty("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1");
        setProperty("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600");
    }

    @After
    public void stop() throws Exception {
        if (call != null) {
            call.stop();
        }
        if (home != null) {
            run(List.of(home.resolve("bin/stop").toString()), Duration.ofSeconds(60));
            awaitGone(Duration.ofSeconds(60));
        }
    }

    @Test
    public void aCallUpWhenTheApplianceIsKilledHasARecordClosedAsSystemErrorAfterTheRestart() throws Exception {
        start();
        Api admin = Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(180)).basic("admin", ADMIN_PASSWORD);
        long instanceId = admin.get("/instances").json().at("/items/0/id").asLong();
        int peerPort = Sipp.freePort(CARRIER_IP, false);
        Api.Answer channel = admin.post("/sip-channels", "{\"name\":\"Crash" + System.nanoTime() + "\",\"device_type\":"
                + "\"sip_trunk\",\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"" + CARRIER_IP + "\",\"port\":"
                + peerPort + "}]}");
        assertEquals(channel.toString(), 201, channel.status());
        String number = "0" + (210 + ThreadLocalRandom.current().nextInt(80))
                + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Api.Answer added = admin.post("/sip-channels/" + channel.json().get("id").asLong() + "/numbers",
                "{\"numbers\":[{\"number\":\"" + number + "\",\"instance_id\":" + instanceId + "}]}");
        assertEquals(added.toString(), 201, added.status());
        Thread.sleep(2500);   // trunk admission re-reads the channels every second

        Instant before = Instant.now();
        // a plain JUnit test: no container sets parley.itest.sipp.dir here
        call = Sipp.scenario(Path.of(System.getProperty("parley.itest.sipp.dir", "src/test/resources/sipp"),
                        "rs_carrier_call_wait_bye.xml").toAbsolutePath().toString()).from(CARRIER_IP).port(peerPort).service(number)
                .to("127.0.0.1:" + SIP_PORT).args("-key", "caller", "13912345678", "-key", "rtpport",
                        Integer.toString(Sipp.freePort(CARRIER_IP, false)))
                .timeout(Duration.ofSeconds(300)).start();
        String records = "/instances/" + instanceId + "/records?from=" + (before.getEpochSecond() - 60) + "&to="
                + (before.getEpochSecond() + 3600) + "&callee=" + number.substring(1);
        JsonNode open = awaitRecord(admin, records, true);
        assertEquals("calling", open.get("status").asText());
        String session = open.get("session_id").asText();
        Thread.sleep(5000);   // the call goes on; the record is marked as seen every 2 s

        Instant killed = Instant.now();
        long pid = Long.parseLong(run(List.of("pgrep", "-f", "karaf.base=" + home), Duration.ofSeconds(30)).strip()
                .split("\\s+")[0]);
        run(List.of("kill", "-9", Long.toString(pid)), Duration.ofSeconds(10));
        awaitGone(Duration.ofSeconds(60));
        call.stop();
        call = null;

        start();
        Api again = Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(180)).basic("admin", ADMIN_PASSWORD);
        JsonNode r = again.get("/instances/" + instanceId + "/records/" + session).json();
        assertFalse(r.toString(), r.get("open").asBoolean());
        assertEquals(r.toString(), "system_error", r.get("status").asText());
        assertEquals("system", r.get("hangup_party").asText());
        Instant ended = Instant.parse(r.get("ended_at").asText());
        assertTrue(r + " ended after the kill at " + killed, !ended.isAfter(killed.plusSeconds(1)));
        assertTrue(r + " ended before the call was seen for 5 s", !ended.isBefore(before.plusSeconds(4)));
        assertTrue(r.toString(), r.get("duration_s").asInt() >= 4);
        assertTrue(r.get("caller_number").asText().endsWith("13912345678"));
        assertEquals("0086" + number, r.get("callee_number").asText());
        JsonNode listed = awaitRecord(again, records, false);
        assertEquals(session, listed.get("session_id").asText());
    }

    private static JsonNode awaitRecord(Api admin, String query, boolean open) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Api.Answer last = null;
        while (System.nanoTime() < until) {
            last = admin.get(query);
            if (last.status() == 200 && last.json().get("total").asInt() == 1
                    && last.json().at("/items/0/open").asBoolean() == open) {
                return last.json().at("/items/0");
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + (open ? "open" : "closed") + " record: " + last);
    }

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/start").toString()).redirectErrorStream(true);
        pb.environment().put("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }

    /** Waits until the appliance's JVM (found by its own karaf.base) is gone. */
    private void awaitGone(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            ProcessBuilder pb = new ProcessBuilder("pgrep", "-f", "karaf.base=" + home).redirectErrorStream(true);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the appliance at " + home + " did not stop");
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path) : List.of();
        List<String> kept = lines.stream()
                .filter(l -> !l.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")).toList();
        Files.write(path, (String.join("\n", kept) + "\n" + key + " = " + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String run(List<String> command, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeout);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

}
