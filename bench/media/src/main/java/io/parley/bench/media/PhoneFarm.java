package io.parley.bench.media;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Codec;
import io.parley.api.media.EndpointStats;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.engine.MediaEngine;
import io.parley.media.internal.engine.MediaSettings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated phones of the benchmark, in their own JVM so that the server under test is
 * measured alone (as SIPp on the same box would drive it). Two phones per call, one PCMU and
 * one PCMA, each looping a voice-like clip, on their own media engine (ports 40000-49999).
 * Driven by {@link MediaLoadBench} over stdin/stdout, one command a line (argument: clock workers):
 *
 * <pre>
 * open &lt;serverCustomerPort&gt; &lt;serverAgentPort&gt;  -> opened &lt;phoneCustomerPort&gt; &lt;phoneAgentPort&gt;
 * stats                                     -> stats &lt;expected&gt; &lt;received&gt; &lt;cpuNanos&gt; &lt;p99Ms&gt;
 * reset                                     -> reset   (clears the lateness histogram)
 * quit
 * </pre>
 */
public final class PhoneFarm {
    private PhoneFarm() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        MediaEngine phones = new MediaEngine(MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(40000, 49999)
                .withClockWorkers(workers));
        AudioClip voice = MediaLoadBench.syntheticVoice();
        List<RtpEndpoint> open = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                switch (w[0]) {
                    case "open" -> {
                        RtpEndpoint c = phone(phones, "customer", Integer.parseInt(w[1]), Codec.PCMU, voice);
                        RtpEndpoint a = phone(phones, "agent", Integer.parseInt(w[2]), Codec.PCMA, voice);
                        open.add(c);
                        open.add(a);
                        out.println("opened " + c.localAddress().getPort() + " " + a.localAddress().getPort());
                    }
                    case "stats" -> {
                        long expected = 0;
                        long received = 0;
                        for (RtpEndpoint e : open) {
                            EndpointStats s = e.stats();
                            expected += s.packetsExpected();
                            received += s.packetsReceived();
                        }
                        out.println("stats " + expected + " " + received + " " + os.getProcessCpuTime() + " "
                                + phones.sendLatenessMillis(0.99));
                    }
                    case "reset" -> {
                        phones.resetLateness();
                        out.println("reset");
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("error unknown command " + w[0]);
                }
            }
        } finally {
            open.forEach(RtpEndpoint::close);
            phones.close();
        }
    }

    private static RtpEndpoint phone(MediaEngine phones, String role, int serverPort, Codec codec, AudioClip voice) {
        RtpEndpoint e = phones.openEndpoint("phone/" + role + "/" + serverPort);
        MediaEngine.connect(e, new InetSocketAddress("127.0.0.1", serverPort), codec);
        e.player().play(PlayRequest.loop(voice));
        return e;
    }
}
