package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.parley.api.call.CallControl;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.speech.SpeechRecognizer;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Voice recognition through the real distribution (issue 14): a SIPp carrier calls a number
 * bound to start → speech_menu (billing / support, keys 1 / 2) → end nodes, and its RTP carries a
 * phrase spoken by flite through an 8 kHz A-law channel (a pcap the test makes). The PocketSphinx
 * recogniser bundle takes the call to the branch of the spoken keyword; a phrase without a
 * keyword goes to fallback; with the recogniser bundle stopped the node still takes keys, and
 * started again it recognises again (hot swap).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SpeechMenuIT {

    private static final String CARRIER_IP = "127.0.0.141";
    private static final String ASR_BUNDLE = "parley-speech-pocketsphinx";

    @Inject
    SipChannelService channels;

    // injected so the test waits for the call layer: before it, an INVITE gets 501
    @Inject
    CallControl calls;

    @Inject
    InstanceService instances;

    @Inject
    IvrFlowService flows;

    @Inject
    BundleContext context;

    private long instanceId;
    private long channel;
    private int peerPort;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"));
    }

    @Before
    public void setUp() throws Exception {
        instanceId = instances.create("Speech " + unique(), "Asia/Shanghai").id();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, new String[] {CallEvents.IVR_NODE, CallEvents.IVR_ENDED, CallEvents.ENDED});
        listener = context.registerService(EventHandler.class, events::add, props);
        peerPort = Sipp.freePort(CARRIER_IP, false);
        channel = channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(CARRIER_IP, peerPort)))).channel().id();
    }

    @After
    public void tearDown() {
        if (listener != null) {
            listener.unregister();
        }
    }

    @Test
    public void aSpokenKeywordTakesItsBranchAndAPhraseWithoutOneGoesToFallback() throws Exception {
        awaitTrue(() -> context.getServiceReference(SpeechRecognizer.class) != null);
        String number = bind(menuFlow());

        String billing = call(number, SpokenPcap.make("kal", "I have a question about my billing"), null);
        assertEquals(details(billing), List.of("Start>next", "Menu>branch:Billing", "Bye billing>"), path(billing));
        assertTrue(details(billing), details(billing).contains("heard=billing"));

        String support = call(number, SpokenPcap.make("kal", "I need technical support please"), null);
        assertEquals(details(support), List.of("Start>next", "Menu>branch:Support", "Bye support>"), path(support));

        String other = call(number, SpokenPcap.make("kal", "what time do you open tomorrow"), null);
        assertEquals(details(other), List.of("Start>next", "Menu>fallback", "Bye fallback>"), path(other));
    }

    @Test
    public void withTheRecogniserStoppedTheMenuTakesKeysAndStartedAgainItRecognisesAgain() throws Exception {
        String number = bind(menuFlow());
        Bundle asr = Arrays.stream(context.getBundles()).filter(b -> ASR_BUNDLE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Path billing = SpokenPcap.make("kal", "I have a question about my billing");
        asr.stop();
        try {
            awaitTrue(() -> context.getServiceReference(SpeechRecognizer.class) == null);
            // the caller says billing, then presses 2: only the key is understood
            String keyed = call(number, billing, "2");
            assertEquals(details(keyed), List.of("Start>next", "Menu>branch:Support[2]", "Bye support>"), path(keyed));
        } finally {
            asr.start();
        }
        awaitTrue(() -> context.getServiceReference(SpeechRecognizer.class) != null);
        String again = call(number, billing, null);
        assertEquals(details(again), List.of("Start>next", "Menu>branch:Billing", "Bye billing>"), path(again));
    }

    private long menuFlow() {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Voice " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(MENU), "speech");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        return flow.id();
    }

    private static final String MENU = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HSPEECHMENU0000000000000","type":"speech_menu","label":"Menu",
               "params":{"prompt":{"mode":"tts","text":"Say billing or support"},
                         "branches":[{"label":"Billing","keywords":["billing"],"key":"1"},
                                     {"label":"Support","keywords":["support"],"key":"2"}],
                         "timeout_s":15,"max_retries":1}},
              {"id":"01HBYEBILLING0000000000000","type":"end","label":"Bye billing"},
              {"id":"01HBYESUPPORT0000000000000","type":"end","label":"Bye support"},
              {"id":"01HBYEFALLBACK000000000000","type":"end","label":"Bye fallback"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HSPEECHMENU0000000000000"},
              {"from_node":"01HSPEECHMENU0000000000000","from_port":"branch:Billing","to_node":"01HBYEBILLING0000000000000"},
              {"from_node":"01HSPEECHMENU0000000000000","from_port":"branch:Support","to_node":"01HBYESUPPORT0000000000000"},
              {"from_node":"01HSPEECHMENU0000000000000","from_port":"fallback","to_node":"01HBYEFALLBACK000000000000"}]}""";

    // ---- helpers (as IvrCallIT's) ----

    private String bind(long flowId) throws InterruptedException {
        String number = landline();
        channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null, "inbound",
                null, flowId, IvrVersion.MAIN, null, null, null, null, null, false, false)));
        Thread.sleep(2500);   // trunk admission re-reads the channels every second
        return number;
    }

    /**
     * One SIPp call: 2 s after the answer (the question is playing) it sends the spoken pcap,
     * then the key if any; passes when the appliance hangs up. Returns the session id.
     */
    private String call(String number, Path speech, String key) throws Exception {
        String template = Files.readString(Path.of(System.getProperty("parley.itest.sipp.dir"), "ivr_caller.template"),
                StandardCharsets.ISO_8859_1);
        String say = "  <pause milliseconds=\"2000\"/>\n"
                + "  <nop><action><exec play_pcap_audio=\"" + speech + "\"/></action></nop>\n"
                + (key == null ? "" : "  <pause milliseconds=\"6000\"/>\n"
                + "  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_" + key + ".pcap\"/></action></nop>\n");
        String scenario = template.replace("PRESS_KEYS", say).replace("BYE_TIMEOUT", "");
        int seen = events.size();
        Path file = Files.createTempFile("speech_caller", ".xml");
        Files.writeString(file, scenario, StandardCharsets.ISO_8859_1);
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        Sipp.Result r = Sipp.scenario(file.toString()).from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", caller, "-mp", Integer.toString(mediaPort(CARRIER_IP)))
                .timeout(Duration.ofSeconds(90)).run();
        assertEquals(r.toString(), 0, r.exit());
        String callee = "0086" + number;
        awaitTrue(() -> events.stream().skip(seen).anyMatch(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))));
        Event ended = events.stream().skip(seen).filter(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))).findFirst().orElseThrow();
        return (String) ended.getProperty(CallEvents.SESSION_ID);
    }

    private List<String> path(String session) throws InterruptedException {
        awaitTrue(() -> events.stream().anyMatch(e -> CallEvents.IVR_ENDED.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))));
        return events.stream().filter(e -> CallEvents.IVR_NODE.equals(e.getTopic())
                        && session.equals(e.getProperty(CallEvents.SESSION_ID)))
                .sorted(java.util.Comparator.comparing(e -> (Integer) e.getProperty(CallEvents.IVR_VISIT)))
                .map(e -> e.getProperty(CallEvents.IVR_NODE_LABEL) + ">" + e.getProperty(CallEvents.IVR_PORT)
                        + (((String) e.getProperty(CallEvents.IVR_KEYS)).isEmpty() ? "" : "[" + e.getProperty(CallEvents.IVR_KEYS) + "]"))
                .toList();
    }

    private String details(String session) {
        return String.join(" | ", events.stream().filter(e -> CallEvents.IVR_NODE.equals(e.getTopic())
                && session.equals(e.getProperty(CallEvents.SESSION_ID))).map(e -> (String) e.getProperty(CallEvents.IVR_DETAILS))
                .toList());
    }

    private void awaitTrue(java.util.function.BooleanSupplier probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (probe.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out; events seen: " + events.stream()
                .map(e -> e.getTopic() + " " + e.getProperty(CallEvents.SESSION_ID) + " " + e.getProperty(CallEvents.IVR_NODE_LABEL)
                        + " " + e.getProperty(CallEvents.STATUS)).toList());
    }

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    private static int mediaPort(String ip) {
        for (int i = 0; i < 50; i++) {
            int p = 30_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            try (DatagramSocket a = new DatagramSocket(p, InetAddress.getByName(ip));
                 DatagramSocket b = new DatagramSocket(p + 1, InetAddress.getByName(ip))) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free media port on " + ip);
    }
}
