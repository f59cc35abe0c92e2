package io.parley.bench.media;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Codec;
import io.parley.api.media.EndpointStats;
import io.parley.api.media.Recorder;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.engine.MediaEngine;
import io.parley.media.internal.engine.MediaSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs N bridged and recorded calls on loopback for rising N and prints, per step: CPU of the
 * server and of the phones, p99 lateness of the server's outgoing packets against their slot
 * of the 20 ms clock, packet loss and server memory per call. Each call is two server legs
 * (bridged, so every packet is decoded and re-encoded in the other law, and recorded
 * dual-track to disk) talking to two simulated phones, one PCMU and one PCMA, which run in a
 * second JVM ({@link PhoneFarm}).
 *
 * <p>Usage: {@code MediaLoadBench <n1,n2,...> <secondsPerStep> [serverClockWorkers] [phoneClockWorkers]}
 */
public final class MediaLoadBench {
    private record Call(RtpEndpoint customer, RtpEndpoint agent, Recorder recorder) {
    }

    private MediaLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] steps = Stream.of((args.length > 0 ? args[0] : "100,250,500,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int phoneWorkers = args.length > 3 ? Integer.parseInt(args[3]) : workers;
        String phoneHeap = "1g";
        Path dir = Files.createTempDirectory("parley-bench-recordings");
        int cores = Runtime.getRuntime().availableProcessors();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        Process farm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + phoneHeap, "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), PhoneFarm.class.getName(), String.valueOf(phoneWorkers))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        PrintStream toFarm = new PrintStream(farm.getOutputStream(), true, StandardCharsets.US_ASCII);
        BufferedReader fromFarm = new BufferedReader(new InputStreamReader(farm.getInputStream(), StandardCharsets.US_ASCII));

        MediaEngine server = new MediaEngine(MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(20000, 29999)
                .withClockWorkers(workers));
        List<Call> calls = new ArrayList<>();
        System.out.printf("media load bench: %d cores, %d s per step, clock workers: server %d, phones %d (second JVM), recordings in %s,"
                + " Java %s%n", cores, seconds, workers, phoneWorkers, dir, System.getProperty("java.version"));
        System.out.printf("%6s %8s %8s %10s %10s %10s %10s %10s %12s %10s %9s %8s %9s %8s %10s %9s%n", "calls", "srv cpu%", "ph cpu%", "p50 ms",
                "p99 ms", "max ms", "ph p99 ms", "loss %", "pkts/s out", "KiB/call", "srv ms/cs", "srv sys%", "ph ms/cs", "ph sys%", "srv us/pkt", "ph us/pkt");
        int bestN = 0;
        try {
            for (int n : steps) {
                long heapBefore = usedHeapAfterGc();
                int added = 0;
                while (calls.size() < n) {
                    calls.add(open(server, toFarm, fromFarm, dir, calls.size()));
                    added++;
                }
                long heapAfter = usedHeapAfterGc();
                Thread.sleep(3000);   // let streams settle before measuring
                long[] before = totals(calls, toFarm, fromFarm);
                server.resetLateness();
                ask(toFarm, fromFarm, "reset");
                long sent0 = server.packetsTimed();
                long cpu0 = os.getProcessCpuTime();
                long[] srvTicks0 = procTicks(ProcessHandle.current().pid());
                long[] phTicks0 = procTicks(farm.pid());
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long cpu1 = os.getProcessCpuTime();
                long sent1 = server.packetsTimed();
                long[] srvTicks1 = procTicks(ProcessHandle.current().pid());
                long[] phTicks1 = procTicks(farm.pid());
                long t1 = System.nanoTime();
                long[] after = totals(calls, toFarm, fromFarm);
                double cpuPct = 100.0 * (cpu1 - cpu0) / (t1 - t0) / cores;
                double phoneCpuPct = 100.0 * (after[2] - before[2]) / (t1 - t0) / cores;
                long expected = after[0] - before[0];
                long received = after[1] - before[1];
                double lossPct = expected == 0 ? 0 : Math.max(0, 100.0 * (expected - received) / expected);
                double p50 = server.sendLatenessMillis(0.50);
                double p99 = server.sendLatenessMillis(0.99);
                double max = server.sendLatenessMillis(1.0);
                double pps = server.packetsTimed() / ((t1 - t0) / 1e9);
                double kibPerCall = added == 0 ? 0 : (heapAfter - heapBefore) / 1024.0 / added;
                double callSeconds = n * (t1 - t0) / 1e9;
                System.out.printf("%6d %8.1f %8.1f %10.2f %10.2f %10.2f %10.2f %10.3f %12.0f %10.1f %9.2f %8.0f %9.2f %8.0f %10.2f %9.2f%n", n, cpuPct,
                        phoneCpuPct, p50, p99, max, Double.longBitsToDouble(after[3]), lossPct, pps, kibPerCall,
                        (cpu1 - cpu0) / 1e6 / callSeconds, sysShare(srvTicks0, srvTicks1),
                        (after[2] - before[2]) / 1e6 / callSeconds, sysShare(phTicks0, phTicks1),
                        // per datagram handled, in or out: every datagram sent has one received on the other side
                        (cpu1 - cpu0) / 1e3 / Math.max(1, 2 * (sent1 - sent0)),
                        (after[2] - before[2]) / 1e3 / Math.max(1, 2 * (after[4] - before[4])));
                if (p99 < 5.0 && expected > 0 && expected == received) {
                    bestN = n;
                }
                if (p99 > 50 || lossPct > 5) {
                    System.out.println("overloaded; stopping");
                    break;
                }
            }
        } finally {
            toFarm.println("quit");
            for (Call c : calls) {
                c.recorder().stop();
                c.customer().close();
                c.agent().close();
            }
            server.close();
            if (!farm.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                farm.destroyForcibly();
            }
            deleteTree(dir);
        }
        System.out.printf("largest N with p99 lateness < 5 ms and no loss: %d%n", bestN);
    }

    private static Call open(MediaEngine server, PrintStream toFarm, BufferedReader fromFarm, Path dir, int i) throws IOException {
        RtpEndpoint customer = server.openEndpoint("bench/" + i + "/customer");
        RtpEndpoint agent = server.openEndpoint("bench/" + i + "/agent");
        String[] w = ask(toFarm, fromFarm, "open " + customer.localAddress().getPort() + " " + agent.localAddress().getPort());
        MediaEngine.connect(customer, new InetSocketAddress("127.0.0.1", Integer.parseInt(w[1])), Codec.PCMU);
        MediaEngine.connect(agent, new InetSocketAddress("127.0.0.1", Integer.parseInt(w[2])), Codec.PCMA);
        server.bridge(customer, agent);
        Recorder rec = server.recordCall(customer, dir.resolve("call-" + i + ".wav"));
        return new Call(customer, agent, rec);
    }

    private static String[] ask(PrintStream toFarm, BufferedReader fromFarm, String command) throws IOException {
        toFarm.println(command);
        String reply = fromFarm.readLine();
        if (reply == null || reply.startsWith("error")) {
            throw new IOException("phone farm: " + command + " -> " + reply);
        }
        return reply.split(" ");
    }

    /** @return {expected, received, phones' cpu nanos, phones' p99 lateness as double bits, phones' packets sent}, over every endpoint */
    private static long[] totals(List<Call> calls, PrintStream toFarm, BufferedReader fromFarm) throws IOException {
        long expected = 0;
        long received = 0;
        for (Call c : calls) {
            for (RtpEndpoint e : List.of(c.customer(), c.agent())) {
                EndpointStats s = e.stats();
                expected += s.packetsExpected();
                received += s.packetsReceived();
            }
        }
        String[] w = ask(toFarm, fromFarm, "stats");
        return new long[] {expected + Long.parseLong(w[1]), received + Long.parseLong(w[2]), Long.parseLong(w[3]),
            Double.doubleToLongBits(Double.parseDouble(w[4])), Long.parseLong(w[5])};
    }

    /** Two seconds of a voice-like signal: harmonics with a syllable envelope. */
    static AudioClip syntheticVoice() {
        short[] s = new short[16000];
        for (int i = 0; i < s.length; i++) {
            double t = i / 8000.0;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double f0 = 140 + 30 * Math.sin(2 * Math.PI * 0.5 * t);
            double v = Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t) + 0.25 * Math.sin(6 * Math.PI * f0 * t);
            s[i] = (short) (5000 * env * v / 1.75);
        }
        return new AudioClip(s);
    }

    /** @return {user, system} clock ticks of the process so far, from /proc/&lt;pid&gt;/stat (zeros elsewhere) */
    private static long[] procTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};   // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException notLinux) {
            return new long[] {0, 0};
        }
    }

    /** @return the percentage of the CPU time between two readings spent in the kernel */
    private static double sysShare(long[] before, long[] after) {
        long user = after[0] - before[0];
        long sys = after[1] - before[1];
        return user + sys == 0 ? 0 : 100.0 * sys / (user + sys);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
