package io.parley.bench.media;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Codec;
import io.parley.api.media.EndpointStats;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Recorder;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.engine.MediaEngine;
import io.parley.media.internal.engine.MediaSettings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs N bridged and recorded calls on loopback for rising N and prints, per step: CPU, p99
 * lateness of the server's outgoing packets against the 20 ms clock, packet loss and memory per
 * call. Each call is four endpoints: two simulated phones (a second media engine in this JVM,
 * playing a looped clip, one PCMU and one PCMA) and the two server legs they talk to, bridged
 * (so every packet is transcoded) and recorded dual-track to disk.
 *
 * <p>Usage: {@code MediaLoadBench <n1,n2,...> <secondsPerStep> [recordingDir]}
 */
public final class MediaLoadBench {
    private record Call(RtpEndpoint phoneCustomer, RtpEndpoint phoneAgent, RtpEndpoint customer, RtpEndpoint agent,
                        Recorder recorder) {
        List<RtpEndpoint> endpoints() {
            return List.of(phoneCustomer, phoneAgent, customer, agent);
        }
    }

    private MediaLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] steps = Stream.of((args.length > 0 ? args[0] : "100,250,500,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("parley-bench-recordings");
        int cores = Runtime.getRuntime().availableProcessors();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        MediaEngine server = new MediaEngine(MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(20000, 29999));
        // the phones' clock ticks half a period after the server's, as a generator on another
        // box would be unsynchronised; otherwise both engines fight for the cores at the same instant
        Thread.sleep(10);
        MediaEngine phones = new MediaEngine(MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(40000, 49999));
        AudioClip voice = syntheticVoice();
        List<Call> calls = new ArrayList<>();
        System.out.printf("media load bench: %d cores, %d s per step, recordings in %s, Java %s%n", cores, seconds, dir,
                System.getProperty("java.version"));
        System.out.printf("%6s %8s %10s %10s %10s %10s %12s %10s%n", "calls", "cpu%", "p50 ms", "p99 ms", "max ms", "loss %",
                "pkts/s out", "KiB/call");
        int bestN = 0;
        try {
            for (int n : steps) {
                long heapBefore = usedHeapAfterGc();
                int added = 0;
                while (calls.size() < n) {
                    calls.add(open(server, phones, voice, dir, calls.size()));
                    added++;
                }
                long heapAfter = usedHeapAfterGc();
                Thread.sleep(3000);   // let streams settle before measuring
                long[] before = totals(calls);
                server.resetLateness();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long cpu1 = os.getProcessCpuTime();
                long t1 = System.nanoTime();
                long[] after = totals(calls);
                double cpuPct = 100.0 * (cpu1 - cpu0) / (t1 - t0) / cores;
                long expected = after[0] - before[0];
                long received = after[1] - before[1];
                double lossPct = expected == 0 ? 0 : Math.max(0, 100.0 * (expected - received) / expected);
                double p50 = server.sendLatenessMillis(0.50);
                double p99 = server.sendLatenessMillis(0.99);
                double max = server.sendLatenessMillis(1.0);
                double pps = server.packetsTimed() / ((t1 - t0) / 1e9);
                double kibPerCall = added == 0 ? 0 : (heapAfter - heapBefore) / 1024.0 / added;
                System.out.printf("%6d %8.1f %10.2f %10.2f %10.2f %10.3f %12.0f %10.1f%n", n, cpuPct, p50, p99, max, lossPct, pps,
                        kibPerCall);
                if (p99 < 5.0 && expected > 0 && expected == received) {
                    bestN = n;
                }
                if (p99 > 50 || lossPct > 5) {
                    System.out.println("overloaded; stopping");
                    break;
                }
            }
        } finally {
            for (Call c : calls) {
                c.recorder().stop();
                c.endpoints().forEach(RtpEndpoint::close);
            }
            server.close();
            phones.close();
            deleteTree(dir);
        }
        System.out.printf("largest N with p99 lateness < 5 ms and no loss: %d%n", bestN);
    }

    private static Call open(MediaEngine server, MediaEngine phones, AudioClip voice, Path dir, int i) {
        RtpEndpoint phoneC = phones.openEndpoint("bench/" + i + "/phone-customer");
        RtpEndpoint phoneA = phones.openEndpoint("bench/" + i + "/phone-agent");
        RtpEndpoint customer = server.openEndpoint("bench/" + i + "/customer");
        RtpEndpoint agent = server.openEndpoint("bench/" + i + "/agent");
        MediaEngine.connect(phoneC, customer.localAddress(), Codec.PCMU);
        MediaEngine.connect(customer, phoneC.localAddress(), Codec.PCMU);
        MediaEngine.connect(phoneA, agent.localAddress(), Codec.PCMA);
        MediaEngine.connect(agent, phoneA.localAddress(), Codec.PCMA);
        phoneC.player().play(PlayRequest.loop(voice));
        phoneA.player().play(PlayRequest.loop(voice));
        server.bridge(customer, agent);
        Recorder rec = server.recordCall(customer, dir.resolve("call-" + i + ".wav"));
        return new Call(phoneC, phoneA, customer, agent, rec);
    }

    /** @return {expected, received} packets summed over every endpoint */
    private static long[] totals(List<Call> calls) {
        long expected = 0;
        long received = 0;
        for (Call c : calls) {
            for (RtpEndpoint e : c.endpoints()) {
                EndpointStats s = e.stats();
                expected += s.packetsExpected();
                received += s.packetsReceived();
            }
        }
        return new long[] {expected, received};
    }

    /** Two seconds of a voice-like signal: harmonics with a syllable envelope. */
    private static AudioClip syntheticVoice() {
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
