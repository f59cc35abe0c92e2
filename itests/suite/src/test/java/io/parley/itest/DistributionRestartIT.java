package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
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
    private static final int HTTPS_PORT = ParleyContainer.port("parley.itest.restart.https.port");
    private static final String ADMIN_PASSWORD = "itest-secret-2024";
    /** The shell user's password for these tests, from PARLEY_SHELL_PASSWORD (the shipped users file has none). */
    private static final String SHELL_PASSWORD = "itest-shell-2024";

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
        setProperty("etc/system.properties", "parley.https.port", Integer.toString(HTTPS_PORT));
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
        start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD, "PARLEY_SHELL_PASSWORD", SHELL_PASSWORD));
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

    /**
     * Operators script {@code bin/client -u karaf -p … parley:status} and {@code ssh -p 8101 karaf@127.0.0.1
     * parley:status} with no terminal: both print the command's output and exit with its status.
     */
    @Test
    public void aCommandInTheArgumentsPrintsItsOutputAndExitsWithItsStatus() throws Exception {
        start(Map.of("PARLEY_SHELL_PASSWORD", SHELL_PASSWORD));
        Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(120));

        Result status = clientCommand(SHELL_PASSWORD, "parley:status");
        assertEquals(status.output(), 0, status.exit());
        assertTrue(status.output(), status.output().contains("HEALTHY") && status.output().contains("parley-shell"));
        Result missing = clientCommand(SHELL_PASSWORD, "parley:skill-group-show", "987654");
        assertEquals(missing.output(), 1, missing.exit());
        assertTrue(missing.output(), missing.output().contains("NOT_FOUND skill group 987654 does not exist"));

        Result ssh = ssh(SHELL_PASSWORD, "parley:status");
        assertEquals(ssh.output(), 0, ssh.exit());
        assertTrue(ssh.output(), ssh.output().contains("HEALTHY") && ssh.output().contains("parley-shell"));
        Result sshMissing = ssh(SHELL_PASSWORD, "parley:skill-group-show 987654");
        assertEquals(sshMissing.output(), 1, sshMissing.exit());
        assertTrue(sshMissing.output(), sshMissing.output().contains("NOT_FOUND skill group 987654 does not exist"));
    }

    /** No appliance answers SSH with karaf/karaf: the shipped users file has no password until the first start sets one. */
    @Test
    public void theShellPasswordIsGeneratedAtFirstStartAndShownOnce() throws Exception {
        start(Map.of());
        Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(120));
        Path kept = home.resolve("data/parley/initial-shell-password");
        assertTrue("the generated password is kept for the operator", Files.isRegularFile(kept));
        String generated = Files.readString(kept).strip();
        assertTrue(generated, generated.matches("[A-Za-z0-9]{20}"));
        String log = Files.readString(home.resolve("data/log/karaf.log"));
        assertTrue("shown once in karaf.log", log.contains("Set the password of the shell user 'karaf' (bin/client and SSH): " + generated));
        assertFalse("never in etc/ in the clear", Files.readString(home.resolve("etc/users.properties")).contains(generated));

        Result refused = clientCommand("karaf", "shell:echo", "in");
        assertEquals(refused.output(), 1, refused.exit());
        assertFalse(refused.output(), refused.output().contains("in\n"));
        Result in = clientCommand(generated, "shell:echo", "in");
        assertEquals(in.output(), 0, in.exit());
        assertTrue(in.output(), in.output().contains("in"));
        assertTrue("SSH answers on loopback", reachable(InetAddress.getLoopbackAddress(), SSH_PORT));
        assertFalse("and on no other address", reachable(nonLoopbackAddress(), SSH_PORT));
    }

    /**
     * The REST API answers HTTPS on every address with the certificate generated at the first start;
     * plain HTTP answers on loopback only.
     */
    @Test
    public void theRestApiAnswersHttpsWithTheGeneratedCertificateAndPlainHttpOnLoopback() throws Exception {
        start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        Api.anonymous(HTTP_PORT).awaitUp(Duration.ofSeconds(120));

        Path keystore = home.resolve("etc/parley-https.p12");
        Path password = home.resolve("etc/parley-https.password");
        assertTrue("generated at the first start", Files.isRegularFile(keystore) && Files.isRegularFile(password));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        java.security.KeyStore generated = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            generated.load(in, Files.readString(password).strip().toCharArray());
        }
        java.security.cert.Certificate certificate = generated.getCertificate(generated.aliases().nextElement());

        // a client that trusts exactly that certificate (and checks the host name against it)
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("parley", certificate);
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        java.net.http.HttpResponse<String> health = https.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + HTTPS_PORT + "/api/v1/health")).timeout(Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(health.body(), 200, health.statusCode());
        assertTrue(health.body(), health.body().contains("\"status\""));
        assertEquals("the server presented the generated certificate", certificate,
                health.sslSession().orElseThrow().getPeerCertificates()[0]);
        java.net.http.HttpResponse<String> me = https.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + HTTPS_PORT + "/api/v1/auth/me"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(me.body(), 200, me.statusCode());

        InetAddress outside = nonLoopbackAddress();
        assertTrue("HTTPS on " + outside, reachable(outside, HTTPS_PORT));
        assertFalse("no plain HTTP on " + outside, reachable(outside, HTTP_PORT));
        assertTrue("plain HTTP on loopback", reachable(InetAddress.getLoopbackAddress(), HTTP_PORT));
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address of this machine other than loopback, where an operator's network would reach the appliance. */
    static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address) {
                    return address;
                }
            }
        }
        throw new AssertionError("this machine has no non-loopback IPv4 address to test from");
    }

    private Result clientCommand(String password, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(home.resolve("bin/client").toString(), "-a",
                Integer.toString(SSH_PORT), "-u", "karaf", "-p", password, "-r", "30", "-d", "2"));
        args.addAll(List.of(command));
        // standard input at end-of-file, as in a script or cron job (ProcessBuilder's default is a pipe we close)
        return run(args, Map.of(), Duration.ofSeconds(90), true);
    }

    /** OpenSSH's client, the password handed over by SSH_ASKPASS, with no terminal. */
    private Result ssh(String password, String command) throws Exception {
        Path askpass = home.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\necho '" + password + "'\n");
        askpass.toFile().setExecutable(true);
        return run(List.of("ssh", "-p", Integer.toString(SSH_PORT), "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "PreferredAuthentications=password,keyboard-interactive",
                        "karaf@127.0.0.1", command),
                Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"),
                Duration.ofSeconds(90), true);
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
                "-u", "karaf", "-p", SHELL_PASSWORD, "-r", "30", "-d", "2", "-b").redirectErrorStream(true);
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
        return run(command, env, timeout, false);
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout, boolean closeStdin)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (closeStdin) {
            p.getOutputStream().close();
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
