package io.parley.itest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's SIPp ({@code sip-tester}) as a real SIP peer of the appliance under test: a
 * phone, a gateway, a carrier. Every run is bounded (call count {@code -m}, {@code -timeout},
 * and a hard wait in {@link Running#await}), and writes its logs into a directory of its own.
 *
 * <pre>{@code
 * Sipp.Result r = Sipp.scenario("register.xml").from("127.0.0.2").service("8001").auth("8001", pw).run();
 * assertEquals(r.toString(), 0, r.exit());
 *
 * Sipp.Running phone = Sipp.scenario("uas.xml").from("127.0.0.3").start();   // waits for a call
 * ... place the call ...
 * Sipp.Result answered = phone.await(Duration.ofSeconds(30));
 * }</pre>
 */
final class Sipp {

    private final File scenario;
    private String localIp = "127.0.0.1";
    private int localPort;
    private String transport = "u1";
    private String remote = "127.0.0.1:" + ParleyContainer.SIP_PORT;
    private int calls = 1;
    private Duration timeout = Duration.ofSeconds(20);
    private final List<String> extra = new ArrayList<>();

    private Sipp(File scenario) {
        this.scenario = scenario;
    }

    /** A scenario of {@code src/test/resources/sipp} (by file name), or any file by absolute path. */
    static Sipp scenario(String name) {
        File f = new File(name);
        return new Sipp(f.isAbsolute() ? f : new File(System.getProperty("parley.itest.sipp.dir"), name));
    }

    /** The local address SIPp sends from ({@code -i}); distinct loopback addresses are distinct peers. */
    Sipp from(String ip) {
        this.localIp = ip;
        return this;
    }

    /** The local port ({@code -p}); by default a port free on the local address. */
    Sipp port(int port) {
        this.localPort = port;
        return this;
    }

    /** {@code -t}: {@code u1} (UDP, default), {@code t1} (TCP, one connection). */
    Sipp transport(String t) {
        this.transport = t;
        return this;
    }

    /** Where the requests go; by default the appliance's SIP port on 127.0.0.1. */
    Sipp to(String hostPort) {
        this.remote = hostPort;
        return this;
    }

    /** {@code -s}: the [service] of the scenario (user part of the Request-URI / To). */
    Sipp service(String service) {
        return args("-s", service);
    }

    /** {@code -au}/{@code -ap}: credentials for the scenario's {@code [authentication]}. */
    Sipp auth(String user, String password) {
        return args("-au", user, "-ap", password);
    }

    /** {@code -m}: calls to run before SIPp exits (default 1). */
    Sipp calls(int count) {
        this.calls = count;
        return this;
    }

    /** {@code -timeout}: SIPp gives up after this long (default 20 s). */
    Sipp timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** Any other SIPp arguments, e.g. {@code -r 10}, {@code -key name value}. */
    Sipp args(String... args) {
        extra.addAll(List.of(args));
        return this;
    }

    /** Runs to the end (at most the timeout plus 30 s). */
    Result run() throws IOException, InterruptedException {
        return start().await(timeout.plusSeconds(30));
    }

    /** Starts SIPp in the background (a UAS waiting for a call, or a UAC to wait for later). */
    Running start() throws IOException {
        Path dir = Files.createTempDirectory("sipp");
        int port = localPort != 0 ? localPort : freePort(localIp, transport.startsWith("t"));
        Path errors = dir.resolve("errors.log");
        Path messages = dir.resolve("messages.log");
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario.getAbsolutePath(),
                "-i", localIp, "-p", Integer.toString(port), "-t", transport,
                "-m", Integer.toString(calls), "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                "-trace_err", "-error_file", errors.toString(), "-trace_msg", "-message_file", messages.toString()));
        cmd.addAll(extra);
        if (remote != null) {
            cmd.add(remote);
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new Running(p, port, dir);
    }

    /** A port free right now on {@code ip} (UDP, or TCP for the TCP transports). */
    static int freePort(String ip, boolean tcp) {
        try {
            InetAddress a = InetAddress.getByName(ip);
            if (tcp) {
                try (ServerSocket s = new ServerSocket(0, 1, a)) {
                    return s.getLocalPort();
                }
            }
            try (DatagramSocket s = new DatagramSocket(0, a)) {
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SIPp process running in the background. */
    static final class Running {
        private final Process process;
        private final int localPort;
        private final Path dir;

        private Running(Process process, int localPort, Path dir) {
            this.process = process;
            this.localPort = localPort;
            this.dir = dir;
        }

        int localPort() {
            return localPort;
        }

        /** Waits for SIPp to exit; kills it and fails after {@code max}. */
        Result await(Duration max) throws IOException, InterruptedException {
            if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sipp did not finish in " + max.toSeconds() + " s; logs in " + dir);
            }
            return new Result(process.exitValue(), localPort, read("errors.log"), read("messages.log"), dir);
        }

        /** Ends a run that is no longer needed. */
        void stop() {
            process.destroyForcibly();
        }

        /** Ends a run that would wait for more (a peer answering every call) and returns what it saw (exit -1). */
        Result end() throws IOException, InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, localPort, read("errors.log"), read("messages.log"), dir);
        }

        private String read(String file) throws IOException {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p) : "";
        }
    }

    /**
     * How a run ended: exit 0 = every call succeeded, 1 = some failed; {@code errors} is SIPp's
     * error trace (what the appliance answered unexpectedly), {@code messages} every message sent and received.
     */
    record Result(int exit, int localPort, String errors, String messages, Path dir) {

        /** The status line of the first unexpected answer, or "" when there was none. */
        String answer() {
            int at = errors.indexOf("received 'SIP/2.0 ");
            return at < 0 ? "" : errors.substring(at, errors.indexOf('\n', at));
        }

        @Override
        public String toString() {
            return "sipp exit " + exit + " (logs in " + dir + ")\n" + errors;
        }
    }
}
