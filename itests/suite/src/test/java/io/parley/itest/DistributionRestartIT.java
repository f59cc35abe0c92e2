package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The distribution as an operator runs it: unpacked from the tar.gz, started with
 * {@code bin/start}, stopped with {@code bin/stop}, started again. What was configured
 * survives the restart, the shell answers through {@code bin/client}, and the first
 * administrator password can come from {@code PARLEY_ADMIN_PASSWORD}.
 */
public class DistributionRestartIT {

    private static final int HTTP_PORT = ParleyContainer.port("parley.itest.restart.http.port");
    private static final int SSH_PORT = ParleyContainer.port("parley.itest.restart.ssh.port");
    private static final String ADMIN_PASSWORD = "itest-secret-2024";

    private Path home;

    @Before
    public void unpack() throws Exception {
        Path target = Path.of("target", "restart").toAbsolutePath();
        run(List.of("rm", "-rf", target.toString()), Map.of(), Duration.ofSeconds(60));
        Files.createDirectories(target);
        run(List.of("tar", "xzf", new File(System.getProperty("parley.dist")).getAbsolutePath(), "-C", target.toString()),
                Map.of(), Duration.ofSeconds(120));
        try (var dirs = Files.list(target)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP_PORT));
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(SSH_PORT));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                Integer.toString(ParleyContainer.port("parley.itest.restart.rmi.registry.port")));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                Integer.toString(ParleyContainer.port("parley.itest.restart.rmi.server.port")));
        setProperty("etc/io.parley.sip.cfg", "port", Integer.toString(ParleyContainer.port("parley.itest.restart.sip.port")));
    }

    @After
    public void stop() throws Exception {
        if (home != null) {
            stopAppliance();
        }
    }

    @Test
    public void configurationSurvivesARestartAndTheShellAnswers() throws Exception {
        start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        Api admin = Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(120)).basic("admin", ADMIN_PASSWORD);
        assertFalse("a password from the environment is never written to disk",
                Files.exists(home.resolve("data/parley/initial-admin-password")));
        Api.Answer created = admin.post("/instances/1000001/skill-groups", "{\"name\":\"Survivor\",\"extension\":\"6001\"}");
        assertEquals(created.toString(), 201, created.status());
        long id = created.json().get("id").asLong();

        String shell = client("parley:status\nparley:skill-group-list\n");
        assertTrue(shell, shell.contains("HEALTHY"));
        assertTrue(shell, shell.contains("Survivor"));

        stopAppliance();
        start(Map.of());
        Api again = Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(120)).basic("admin", ADMIN_PASSWORD);
        Api.Answer reread = again.get("/instances/1000001/skill-groups/" + id);
        assertEquals(reread.toString(), 200, reread.status());
        assertEquals("Survivor", reread.json().get("name").asText());
        assertEquals("6001", reread.json().get("extension").asText());
        assertEquals("still exactly one default instance", 1, again.get("/instances").json().get("total").asInt());
    }

    private void start(Map<String, String> env) throws Exception {
        run(List.of(home.resolve("bin/start").toString()), env, Duration.ofSeconds(60));
    }

    private void stopAppliance() throws Exception {
        run(List.of(home.resolve("bin/stop").toString()), Map.of(), Duration.ofSeconds(60));
        // bin/status turns false when the shutdown port closes, before the JVM has let go of
        // the data directory's lock; a new start must wait for the process itself to end
        List<String> find = List.of("pgrep", "-f", "karaf.base=" + home);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (run(find, Map.of(), Duration.ofSeconds(30)).exit() != 0) {
                return;
            }
            Thread.sleep(500);
        }
        run(List.of("pkill", "-9", "-f", "karaf.base=" + home), Map.of(), Duration.ofSeconds(10));
    }

    private String client(String commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", Integer.toString(SSH_PORT),
                "-u", "karaf", "-p", "karaf", "-r", "30", "-d", "2", "-b").redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().write(commands.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("bin/client finished", p.waitFor(90, TimeUnit.SECONDS));
        return out;
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.readAllLines(path);
        List<String> kept = lines.stream().filter(l -> !l.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")).toList();
        Files.write(path, (String.join("\n", kept) + "\n" + key + " = " + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
