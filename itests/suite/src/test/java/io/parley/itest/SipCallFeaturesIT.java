package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.SettingsSection;
import io.parley.api.sip.Registrar;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Call features of the B2BUA against SIPp phones on distinct loopback addresses, one container:
 * (a) forking: a phone registered from two devices rings on both, the first to answer gets the
 * call (audio both ways) and the other is cancelled, for a phone-to-phone call and for a leg
 * CallControl originates; when both refuse, the RFC 3261 §16.7 choice (603 over 486) is what the
 * caller gets and the SPEC §34 p43 status, and the ring timeout cancels every device; (b) hold: the party a phone holds hears the instance's
 * hold audio (SPEC §21.1: the built-in music, or a custom approved audio file) and nothing of
 * the holder, the holder hears nothing, and after the resume both hear each other again; the
 * agent's hold through CallControl plays the same audio to the customer; (c) transfer: in a call
 * from phone A to phone B, {@code CallControl.transfer} of B's leg to phone C rings C, bridges A
 * with C once C answers (audio both ways, nothing of B), ends B's leg with a BYE and posts
 * {@code parley/call/TRANSFERRED} naming the new and the old leg; a transfer C refuses changes nothing.
 *
 * <p>The media side of each phone is a Java RTP peer ({@link Peer}) that sends a constant level
 * of its own and classifies what it receives: another peer's level, the custom hold audio's
 * level, music (audible but no constant level) or silence. A test that passes with the
 * appliance sending the wrong party's audio, or nothing, is not possible.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipCallFeaturesIT {

    /** The callee's two devices (forking), and the callees of the hold tests: clear of the other ITs' addresses. */
    private static final String DESK_IP = "127.0.0.61";
    private static final String MOBILE_IP = "127.0.0.62";
    private static final String HOLD_CALLEE_IP = "127.0.0.63";
    private static final String CALLER_IP = "127.0.0.1";
    /** The transfer test's phones: A stays in the call, B is transferred away, C takes B's place. */
    private static final String XFER_A_IP = "127.0.0.64";
    private static final String XFER_B_IP = "127.0.0.65";
    private static final String XFER_C_IP = "127.0.0.66";
    /** The levels the peers send (A-law decodes them within a few %): caller above zero, callee below. */
    private static final int CALLER_LEVEL = 6000;
    private static final int CALLEE_LEVEL = -6000;
    /** The custom hold audio: a constant level no phone sends. */
    private static final int CUSTOM_HOLD_LEVEL = 2500;
    /** The transfer target's level: A must tell C's voice from B's. */
    private static final int TRANSFER_TARGET_LEVEL = -2500;

    @Inject
    InstanceService instances;

    @Inject
    SipPhoneService phoneService;

    @Inject
    Registrar registrar;

    @Inject
    CallControl calls;

    @Inject
    InstanceSettingsService settings;

    @Inject
    AudioFileService audioFiles;

    @Inject
    BundleContext context;

    private long instanceId;
    private String domain;
    private final List<Event> ended = new CopyOnWriteArrayList<>();
    private final List<Event> held = new CopyOnWriteArrayList<>();
    private final List<Event> transferred = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "callRingTimeoutSeconds", "8"));
    }

    @Before
    public void setUp() {
        instanceId = instances.create("Call features " + Long.toString(System.nanoTime(), 36), "Asia/Shanghai").id();
        domain = instanceId + "." + phoneService.serverInfo().sipDomain();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, new String[] {CallEvents.ENDED, CallEvents.HELD, CallEvents.TRANSFERRED});
        listener = context.registerService(EventHandler.class,
                e -> (CallEvents.ENDED.equals(e.getTopic()) ? ended
                        : CallEvents.HELD.equals(e.getTopic()) ? held : transferred).add(e), props);
    }

    @After
    public void tearDown() {
        if (listener != null) {
            listener.unregister();
        }
    }

    // ---- (a) forking ----

    @Test
    public void aPhoneOnTwoDevicesRingsOnBothTheFirstToAnswerTakesTheCallTheOtherIsCancelled() throws Exception {
        Phone alice = phone(CALLER_IP);
        Phone bob = phone(DESK_IP);
        int mobilePort = bob.registerAnotherDevice(MOBILE_IP);
        assertEquals(registrar.bindings(instanceId, bob.ext).toString(), 2,
                registrar.bindings(instanceId, bob.ext).size());

        // 1. alice calls bob: the desk (the older binding) answers, the mobile rang and is cancelled
        try (Peer aliceRtp = new Peer(CALLER_IP, CALLER_LEVEL); Peer deskRtp = new Peer(DESK_IP, CALLEE_LEVEL)) {
            Sipp.Running desk = Sipp.scenario("fx_answer_later.xml").from(DESK_IP).port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(deskRtp.port())).timeout(Duration.ofSeconds(40)).start();
            Sipp.Running mobile = Sipp.scenario("fx_ring_cancel.xml").from(MOBILE_IP).port(mobilePort).service(bob.ext)
                    .timeout(Duration.ofSeconds(40)).start();
            Thread.sleep(300);
            Sipp.Running calling = alice.sipp("phone_call.xml", bob.ext, aliceRtp.port(), "4000").start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            assertEquals(2, live.legs().size());
            assertEquals(DESK_IP + ":" + bob.port, live.legs().get(1).address());
            // the mobile's scenario ends only once the appliance cancelled its ringing INVITE
            Sipp.Result mobileRun = mobile.await(Duration.ofSeconds(30));
            assertEquals(mobileRun.toString(), 0, mobileRun.exit());
            assertTrue(mobileRun.messages(), mobileRun.messages().contains("CANCEL sip:"));
            awaitTrue("alice hears the desk and the desk hears alice",
                    () -> aliceRtp.count(CALLEE_LEVEL) > 25 && deskRtp.count(CALLER_LEVEL) > 25);
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            Sipp.Result deskRun = desk.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            assertEquals(deskRun.toString(), 0, deskRun.exit());
            assertEquals("answered", endedEvent(live.id()).getProperty(CallEvents.STATUS));
        }

        // 2. a leg CallControl originates forks too: the mobile answers this time, the desk is cancelled
        try (Peer mobileRtp = new Peer(MOBILE_IP, CALLEE_LEVEL)) {
            Sipp.Running desk = Sipp.scenario("fx_ring_cancel.xml").from(DESK_IP).port(bob.port).service(bob.ext)
                    .timeout(Duration.ofSeconds(40)).start();
            Sipp.Running mobile = Sipp.scenario("fx_answer_later.xml").from(MOBILE_IP).port(mobilePort).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(mobileRtp.port())).timeout(Duration.ofSeconds(40)).start();
            Thread.sleep(300);
            Dialing dialing = calls.originate(Destination.phone(instanceId, bob.ext), "Parley");
            LegInfo leg = dialing.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(leg.toString(), leg.isAnswered());
            assertEquals(MOBILE_IP + ":" + mobilePort, leg.address());
            Sipp.Result deskRun = desk.await(Duration.ofSeconds(30));
            assertEquals(deskRun.toString(), 0, deskRun.exit());
            // the answering device's media is the leg's: the appliance sends to it
            awaitTrue("the mobile receives the appliance's RTP", () -> mobileRtp.total() > 25);
            calls.hangup(dialing.callId(), null);
            Sipp.Result mobileRun = mobile.await(Duration.ofSeconds(30));
            assertEquals(mobileRun.toString(), 0, mobileRun.exit());
            assertEquals("answered", endedEvent(dialing.callId()).getProperty(CallEvents.STATUS));
        }

        // 3. both devices refuse: 603 beats 486 (RFC 3261 §16.7), the caller gets it and the call is "rejected"
        Sipp.Running desk = Sipp.scenario("fx_refuse_busy.xml").from(DESK_IP).port(bob.port).service(bob.ext)
                .timeout(Duration.ofSeconds(30)).start();
        Sipp.Running mobile = Sipp.scenario("fx_refuse_decline.xml").from(MOBILE_IP).port(mobilePort).service(bob.ext)
                .timeout(Duration.ofSeconds(30)).start();
        Thread.sleep(300);
        Sipp.Result caller = alice.sipp("phone_call.xml", bob.ext, 40000, "100").run();
        assertTrue(caller.toString(), caller.answer().contains("SIP/2.0 603"));
        assertEquals(0, desk.await(Duration.ofSeconds(30)).exit());
        assertEquals(0, mobile.await(Duration.ofSeconds(30)).exit());
        Event end = endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE))
                && !"answered".equals(e.getProperty(CallEvents.STATUS)));
        assertEquals("rejected", end.getProperty(CallEvents.STATUS));
        assertEquals(603, end.getProperty(CallEvents.SIP_STATUS));

        // 4. nobody answers: the ring timeout (8 s here) cancels both devices, the caller gets 480, the call is missed
        ended.clear();
        desk = Sipp.scenario("fx_ring_cancel.xml").from(DESK_IP).port(bob.port).service(bob.ext)
                .timeout(Duration.ofSeconds(30)).start();
        mobile = Sipp.scenario("fx_ring_cancel.xml").from(MOBILE_IP).port(mobilePort).service(bob.ext)
                .timeout(Duration.ofSeconds(30)).start();
        Thread.sleep(300);
        caller = alice.sipp("phone_call.xml", bob.ext, 40000, "100").run();
        assertTrue(caller.toString(), caller.answer().contains("SIP/2.0 480"));
        Sipp.Result deskRun = desk.await(Duration.ofSeconds(30));
        Sipp.Result mobileRun = mobile.await(Duration.ofSeconds(30));
        assertEquals(deskRun.toString(), 0, deskRun.exit());
        assertEquals(mobileRun.toString(), 0, mobileRun.exit());
        assertEquals("missed", endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE))).getProperty(CallEvents.STATUS));
    }

    // ---- (b) hold audio ----

    @Test
    public void theCallerHoldsTheCalleeHearsTheBuiltInHoldMusicAndNotTheCallerThenBothTalkAgain() throws Exception {
        Phone alice = phone(CALLER_IP);
        Phone bob = phone(HOLD_CALLEE_IP);
        try (Peer aliceRtp = new Peer(CALLER_IP, CALLER_LEVEL); Peer bobRtp = new Peer(HOLD_CALLEE_IP, CALLEE_LEVEL)) {
            Sipp.Running answering = Sipp.scenario("phone_answer.xml").from(HOLD_CALLEE_IP).port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(bobRtp.port())).timeout(Duration.ofSeconds(50)).start();
            Thread.sleep(300);
            // talk 5 s, hold (a=sendonly) 5 s, resume 5 s, BYE
            Sipp.Running calling = alice.sipp("phone_call_hold.xml", bob.ext, aliceRtp.port(), "5000")
                    .timeout(Duration.ofSeconds(50)).start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            awaitTrue("alice and bob hear each other",
                    () -> aliceRtp.count(CALLEE_LEVEL) > 25 && bobRtp.count(CALLER_LEVEL) > 25);

            heldEvent(live.id(), true);
            assertEquals(CallInfo.HELD, calls.call(live.id()).orElseThrow().state());
            Peer.Snapshot bobAtHold = bobRtp.snapshot();
            Peer.Snapshot aliceAtHold = aliceRtp.snapshot();
            // bob hears music: audible packets that are no party's level
            awaitTrue("bob hears hold music", () -> bobRtp.music() - bobAtHold.music() >= 50);
            assertTrue("bob hears nothing of alice on hold: " + bobRtp,
                    bobRtp.count(CALLER_LEVEL) - bobAtHold.count(CALLER_LEVEL) <= 3);
            // alice's phone asked not to receive (sendonly): the appliance sends her nothing, bob's voice least of all
            assertTrue("alice receives nothing while she holds: " + aliceRtp, aliceRtp.total() - aliceAtHold.total() <= 3);

            heldEvent(live.id(), false);
            Peer.Snapshot bobAtResume = bobRtp.snapshot();
            Peer.Snapshot aliceAtResume = aliceRtp.snapshot();
            awaitTrue("alice and bob hear each other again after the resume",
                    () -> aliceRtp.count(CALLEE_LEVEL) - aliceAtResume.count(CALLEE_LEVEL) > 25
                            && bobRtp.count(CALLER_LEVEL) - bobAtResume.count(CALLER_LEVEL) > 25);
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            Sipp.Result callee = answering.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            assertEquals(callee.toString(), 0, callee.exit());
            assertEquals("answered", endedEvent(live.id()).getProperty(CallEvents.STATUS));
        }
    }

    @Test
    public void theCalleeHoldsTheCallerHearsTheCustomHoldAudioAndSoDoesItOnTheAgentsHold() throws Exception {
        AudioFile jingle = audioFiles.upload(instanceId, "Hold jingle", "hold.wav", wav(CUSTOM_HOLD_LEVEL, 2));
        if (!AudioFile.APPROVED.equals(jingle.reviewStatus())) {
            jingle = audioFiles.approve(instanceId, jingle.id());
        }
        settings.update(instanceId, SettingsSection.GENERAL, Map.of("hold_audio",
                Map.of("mode", "custom", "prompt", Map.of("mode", "audio", "audio_id", jingle.id()))));
        Phone alice = phone(CALLER_IP);
        Phone bob = phone(HOLD_CALLEE_IP);
        try (Peer aliceRtp = new Peer(CALLER_IP, CALLER_LEVEL); Peer bobRtp = new Peer(HOLD_CALLEE_IP, CALLEE_LEVEL)) {
            // bob answers, talks 5 s, holds (a=sendonly) 5 s, resumes and waits for alice's BYE
            Sipp.Running answering = Sipp.scenario("fx_answer_hold.xml").from(HOLD_CALLEE_IP).port(bob.port)
                    .service(bob.ext).args("-key", "rtpport", Integer.toString(bobRtp.port()), "-d", "5000")
                    .timeout(Duration.ofSeconds(60)).start();
            Thread.sleep(300);
            Sipp.Running calling = alice.sipp("phone_call.xml", bob.ext, aliceRtp.port(), "22000")
                    .timeout(Duration.ofSeconds(60)).start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            awaitTrue("alice and bob hear each other",
                    () -> aliceRtp.count(CALLEE_LEVEL) > 25 && bobRtp.count(CALLER_LEVEL) > 25);

            heldEvent(live.id(), true);
            Peer.Snapshot aliceAtHold = aliceRtp.snapshot();
            Peer.Snapshot bobAtHold = bobRtp.snapshot();
            awaitTrue("alice hears the custom hold audio",
                    () -> aliceRtp.count(CUSTOM_HOLD_LEVEL) - aliceAtHold.count(CUSTOM_HOLD_LEVEL) >= 50);
            assertTrue("alice hears nothing of bob on hold: " + aliceRtp,
                    aliceRtp.count(CALLEE_LEVEL) - aliceAtHold.count(CALLEE_LEVEL) <= 3);
            assertTrue("bob receives nothing while he holds: " + bobRtp, bobRtp.total() - bobAtHold.total() <= 3);

            heldEvent(live.id(), false);
            Peer.Snapshot aliceAtResume = aliceRtp.snapshot();
            Peer.Snapshot bobAtResume = bobRtp.snapshot();
            awaitTrue("alice and bob hear each other again after the resume",
                    () -> aliceRtp.count(CALLEE_LEVEL) - aliceAtResume.count(CALLEE_LEVEL) > 25
                            && bobRtp.count(CALLER_LEVEL) - bobAtResume.count(CALLER_LEVEL) > 25);

            // the agent's hold (SPEC §21): the customer side, alice, hears the same hold audio, bob hears silence
            calls.hold(live.id(), true);
            Peer.Snapshot aliceAtAgentHold = aliceRtp.snapshot();
            Peer.Snapshot bobAtAgentHold = bobRtp.snapshot();
            awaitTrue("alice hears the custom hold audio on the agent's hold",
                    () -> aliceRtp.count(CUSTOM_HOLD_LEVEL) - aliceAtAgentHold.count(CUSTOM_HOLD_LEVEL) >= 25);
            assertTrue("bob hears nothing of alice on the agent's hold: " + bobRtp,
                    bobRtp.count(CALLER_LEVEL) - bobAtAgentHold.count(CALLER_LEVEL) <= 3);
            calls.hold(live.id(), false);
            Peer.Snapshot aliceAtUnhold = aliceRtp.snapshot();
            awaitTrue("alice hears bob again", () -> aliceRtp.count(CALLEE_LEVEL) - aliceAtUnhold.count(CALLEE_LEVEL) > 25);

            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            Sipp.Result callee = answering.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            assertEquals(callee.toString(), 0, callee.exit());
            assertEquals("answered", endedEvent(live.id()).getProperty(CallEvents.STATUS));
        }
    }

    // ---- (c) transfer ----

    @Test
    public void aTransferReplacesTheCalleesLegByANewPhoneThatTalksWithTheCallerAndHangsUpTheOldOne() throws Exception {
        Phone a = phone(XFER_A_IP);
        Phone b = phone(XFER_B_IP);
        Phone c = phone(XFER_C_IP);
        try (Peer aRtp = new Peer(XFER_A_IP, CALLER_LEVEL); Peer bRtp = new Peer(XFER_B_IP, CALLEE_LEVEL);
             Peer cRtp = new Peer(XFER_C_IP, TRANSFER_TARGET_LEVEL)) {
            // B answers and waits for the appliance's BYE; C first refuses (busy)
            Sipp.Running bAnswers = Sipp.scenario("phone_answer.xml").from(XFER_B_IP).port(b.port).service(b.ext)
                    .args("-key", "rtpport", Integer.toString(bRtp.port())).timeout(Duration.ofSeconds(60)).start();
            Sipp.Running cRefuses = Sipp.scenario("fx_refuse_busy.xml").from(XFER_C_IP).port(c.port).service(c.ext)
                    .timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            // A talks 20 s from the answer on, then hangs up: long enough for B, the refused transfer, then C
            Sipp.Running aCalls = a.sipp("phone_call.xml", b.ext, aRtp.port(), "20000")
                    .timeout(Duration.ofSeconds(60)).start();
            CallInfo live = await("a bridged call from " + a.ext, () -> calls.calls().stream()
                    .filter(x -> x.caller().equals(a.ext) && CallInfo.BRIDGED.equals(x.state())).findFirst());
            awaitTrue("A and B hear each other", () -> aRtp.count(CALLEE_LEVEL) > 25 && bRtp.count(CALLER_LEVEL) > 25);
            String bLeg = live.legs().get(1).id();
            assertEquals(XFER_B_IP + ":" + b.port, live.legs().get(1).address());

            // a transfer C refuses changes nothing: A and B stay bridged and go on hearing each other
            LegInfo refused = calls.transfer(live.id(), bLeg, Destination.phone(instanceId, c.ext))
                    .outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(refused.toString(), !refused.isAnswered() && refused.sipStatus() == 486);
            Sipp.Result cRefusal = cRefuses.await(Duration.ofSeconds(20));
            assertEquals(cRefusal.toString(), 0, cRefusal.exit());
            CallInfo unchanged = calls.call(live.id()).orElseThrow(() -> new AssertionError(
                    "the refused transfer ended the call: " + ended));
            assertEquals(unchanged.toString(), CallInfo.BRIDGED, unchanged.state());
            assertTrue(unchanged.toString(), unchanged.legs().get(0).isAnswered() && unchanged.legs().get(1).isAnswered());
            Peer.Snapshot aAtRefusal = aRtp.snapshot();
            Peer.Snapshot bAtRefusal = bRtp.snapshot();
            awaitTrue("A and B still hear each other after the refused transfer",
                    () -> aRtp.count(CALLEE_LEVEL) - aAtRefusal.count(CALLEE_LEVEL) > 25
                            && bRtp.count(CALLER_LEVEL) - bAtRefusal.count(CALLER_LEVEL) > 25);
            assertTrue(transferred.toString(), transferred.isEmpty());

            // C now rings 1 s, answers and waits for the BYE
            Sipp.Running cAnswers = Sipp.scenario("fx_answer_later.xml").from(XFER_C_IP).port(c.port).service(c.ext)
                    .args("-key", "rtpport", Integer.toString(cRtp.port())).timeout(Duration.ofSeconds(50)).start();
            Thread.sleep(300);
            Dialing dialing = calls.transfer(live.id(), bLeg, Destination.phone(instanceId, c.ext));
            // while C rings, nothing has changed: A and B are still bridged
            CallInfo ringing = calls.call(live.id()).orElseThrow();
            assertEquals(ringing.toString(), CallInfo.BRIDGED, ringing.state());
            assertTrue(ringing.toString(), ringing.legs().get(1).isAnswered());
            LegInfo cLeg = dialing.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(cLeg.toString(), cLeg.isAnswered());
            assertEquals(XFER_C_IP + ":" + c.port, cLeg.address());
            assertEquals(live.id(), dialing.callId());

            Event moved = await("a parley/call/TRANSFERRED event for " + live.id(), () -> transferred.stream()
                    .filter(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID))).findFirst());
            assertEquals(cLeg.id(), moved.getProperty(CallEvents.LEG_ID));
            assertEquals(bLeg, moved.getProperty("from.leg"));
            // B's leg ends with the appliance's BYE: its scenario (... wait for the BYE -> 200) completes
            Sipp.Result bRun = bAnswers.await(Duration.ofSeconds(20));
            assertEquals(bRun.toString(), 0, bRun.exit());
            assertTrue(bRun.messages(), bRun.messages().contains("BYE sip:"));

            Peer.Snapshot aAtTransfer = aRtp.snapshot();
            Peer.Snapshot cAtTransfer = cRtp.snapshot();
            awaitTrue("A and C hear each other after the transfer",
                    () -> aRtp.count(TRANSFER_TARGET_LEVEL) - aAtTransfer.count(TRANSFER_TARGET_LEVEL) > 25
                            && cRtp.count(CALLER_LEVEL) - cAtTransfer.count(CALLER_LEVEL) > 25);
            // B's peer still sends to the appliance, but A no longer hears it
            assertTrue("A hears nothing of B after the transfer: " + aRtp,
                    aRtp.count(CALLEE_LEVEL) - aAtTransfer.count(CALLEE_LEVEL) <= 3);

            CallInfo after = calls.call(live.id()).orElseThrow();
            assertEquals(after.toString(), CallInfo.BRIDGED, after.state());
            LegInfo aInfo = after.legs().get(0);
            LegInfo bInfo = after.legs().stream().filter(l -> l.id().equals(bLeg)).findFirst().orElseThrow();
            LegInfo cInfo = after.legs().stream().filter(l -> l.id().equals(cLeg.id())).findFirst().orElseThrow();
            assertTrue(after.toString(), aInfo.isAnswered());
            assertEquals(after.toString(), LegInfo.ENDED, bInfo.state());
            assertTrue(after.toString(), cInfo.isAnswered());
            assertEquals(after.toString(), c.ext, cInfo.party());
            assertTrue(after.toString(), cInfo.rtpReceived() > 0 && cInfo.rtpSent() > 0);

            // A hangs up: the appliance ends C's leg with a BYE and the call is an answered one
            Sipp.Result aRun = aCalls.await(Duration.ofSeconds(40));
            Sipp.Result cRun = cAnswers.await(Duration.ofSeconds(40));
            assertEquals(aRun.toString(), 0, aRun.exit());
            assertEquals(cRun.toString(), 0, cRun.exit());
            assertEquals("answered", endedEvent(live.id()).getProperty(CallEvents.STATUS));
        }
    }

    // ---- helpers ----

    /** A SIP phone of the test instance, registered by SIPp from ip:port. */
    private final class Phone {
        final String ext;
        final String password;
        final String ip;
        final int port;

        Phone(String ext, String password, String ip, int port) {
            this.ext = ext;
            this.password = password;
            this.ip = ip;
            this.port = port;
        }

        Sipp sipp(String scenario, String dial, int rtpPort, String pauseMs) {
            Sipp s = Sipp.scenario(scenario).from(ip).port(port).service(ext).auth(ext, password)
                    .args("-key", "domain", domain, "-key", "dial", dial, "-key", "rtpport", Integer.toString(rtpPort))
                    .timeout(Duration.ofSeconds(30));
            return pauseMs == null ? s : s.args("-d", pauseMs);
        }

        /** Registers the same extension from a second device; returns its port. */
        int registerAnotherDevice(String deviceIp) throws Exception {
            return register(ext, password, deviceIp);
        }
    }

    private Phone phone(String ip) throws Exception {
        String ext = "6" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
        String password = phoneService.create(instanceId, new SipPhoneDraft(ext, "SIPp " + ext, null, null, null, "udp"))
                .sipPassword();
        return new Phone(ext, password, ip, register(ext, password, ip));
    }

    private int register(String ext, String password, String ip) throws Exception {
        int port = Sipp.freePort(ip, false);
        Sipp.Result r = Sipp.scenario("phone_register.xml").from(ip).port(port).service(ext).auth(ext, password)
                .args("-key", "domain", domain).run();
        assertEquals(r.toString(), 0, r.exit());
        return port;
    }

    /** A WAV file (8 kHz mono 16-bit) of {@code seconds} at one constant level. */
    private static byte[] wav(int level, int seconds) {
        int samples = 8000 * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) level);
        }
        return b.array();
    }

    private void heldEvent(String callId, boolean onHold) throws InterruptedException {
        await("a parley/call/HELD event with held=" + onHold + " for " + callId, () -> held.stream()
                .filter(e -> callId.equals(e.getProperty(CallEvents.SESSION_ID))
                        && Boolean.valueOf(onHold).equals(e.getProperty("held")))
                .findFirst());
    }

    private Event endedEvent(String callId) throws InterruptedException {
        return endedEvent(e -> callId.equals(e.getProperty(CallEvents.SESSION_ID)));
    }

    private Event endedEvent(Predicate<Event> which) throws InterruptedException {
        return await("a matching parley/call/ENDED event among " + ended.stream()
                .map(e -> e.getProperty(CallEvents.SESSION_ID) + " " + e.getProperty(CallEvents.STATUS)).toList(),
                () -> ended.stream().filter(which).findFirst());
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; calls now: " + calls.calls());
    }

    private void awaitTrue(String what, BooleanSupplier probe) throws InterruptedException {
        await(what, () -> probe.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * The media side of a test phone: a UDP socket on the phone's address that its SDP points
     * at. Once the appliance sends to it, it answers every 20 ms with PCMA at a constant level
     * of its own, and sorts every PCMA packet it receives: mostly at a constant level (another
     * peer, or custom hold audio) counted by that level; audible otherwise (music); or silent.
     */
    static final class Peer implements AutoCloseable {
        private final DatagramSocket socket;
        private final int level;
        private final Thread thread;
        private final AtomicInteger total = new AtomicInteger();
        private final AtomicInteger music = new AtomicInteger();
        private final AtomicInteger silent = new AtomicInteger();
        private final Map<Integer, AtomicInteger> byLevel = new ConcurrentHashMap<>();
        private final AtomicReference<SocketAddress> appliance = new AtomicReference<>();
        private volatile boolean running = true;

        /** What a peer had received at one moment. */
        record Snapshot(int total, int music, Map<Integer, Integer> levels) {
            int count(int level) {
                return levels.getOrDefault(level, 0);
            }
        }

        Peer(String ip, int level) throws IOException {
            this.level = level;
            socket = new DatagramSocket(0, InetAddress.getByName(ip));
            socket.setSoTimeout(20);
            thread = new Thread(this::run, "fx-rtp-peer-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int total() {
            return total.get();
        }

        int music() {
            return music.get();
        }

        /** Packets received at {@code level} (within 20 %). */
        int count(int level) {
            AtomicInteger n = byLevel.get(level);
            return n == null ? 0 : n.get();
        }

        Snapshot snapshot() {
            Map<Integer, Integer> levels = new java.util.HashMap<>();
            byLevel.forEach((k, v) -> levels.put(k, v.get()));
            return new Snapshot(total.get(), music.get(), levels);
        }

        @Override
        public String toString() {
            return "received " + total + " packets: " + silent + " silent, " + music + " music, by level " + byLevel;
        }

        private void run() {
            byte[] in = new byte[2048];
            byte[] out = new byte[12 + 160];
            java.util.Arrays.fill(out, 12, out.length, alaw(level));
            int seq = 0;
            long ts = 0;
            long nextSend = System.nanoTime();
            while (running) {
                try {
                    DatagramPacket p = new DatagramPacket(in, in.length);
                    socket.receive(p);
                    appliance.compareAndSet(null, p.getSocketAddress());
                    if (p.getLength() > 12 && (in[1] & 0x7f) == 8) {
                        classify(in, p.getLength());
                    }
                } catch (SocketTimeoutException idle) {
                    // time to send
                } catch (IOException e) {
                    return;
                }
                SocketAddress to = appliance.get();
                if (to != null && System.nanoTime() >= nextSend) {
                    out[0] = (byte) 0x80;
                    out[1] = 8;
                    out[2] = (byte) (seq >> 8);
                    out[3] = (byte) seq;
                    out[4] = (byte) (ts >> 24);
                    out[5] = (byte) (ts >> 16);
                    out[6] = (byte) (ts >> 8);
                    out[7] = (byte) ts;
                    out[8] = 0x0f;
                    out[9] = 0x0f;
                    out[10] = (byte) level;
                    out[11] = 0x0f;
                    try {
                        socket.send(new DatagramPacket(out, out.length, to));
                    } catch (IOException e) {
                        return;
                    }
                    seq++;
                    ts += 160;
                    nextSend = Math.max(nextSend + 20_000_000L, System.nanoTime() - 100_000_000L);
                }
            }
        }

        private void classify(byte[] b, int length) {
            total.incrementAndGet();
            int n = length - 12;
            int peak = 0;
            long sum = 0;
            for (int i = 12; i < length; i++) {
                int v = alawDecode(b[i]);
                peak = Math.max(peak, Math.abs(v));
                sum += v;
            }
            if (peak < 300) {
                silent.incrementAndGet();
                return;
            }
            int mean = (int) (sum / n);
            int near = 0;
            for (int i = 12; i < length; i++) {
                if (Math.abs(alawDecode(b[i]) - mean) <= Math.abs(mean) / 5) {
                    near++;
                }
            }
            if (Math.abs(mean) > 300 && near >= n * 9 / 10) {
                for (int known : new int[] {CALLER_LEVEL, CALLEE_LEVEL, CUSTOM_HOLD_LEVEL, TRANSFER_TARGET_LEVEL}) {
                    if (Math.abs(mean - known) <= Math.abs(known) / 5) {
                        byLevel.computeIfAbsent(known, k -> new AtomicInteger()).incrementAndGet();
                        return;
                    }
                }
                byLevel.computeIfAbsent(mean, k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            music.incrementAndGet();
        }

        private static byte alaw(int pcm) {
            int sign = pcm >= 0 ? 0x80 : 0;
            int v = Math.min(Math.abs(pcm), 32635);
            int exponent = 7;
            for (int mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1) {
                exponent--;
            }
            int mantissa = exponent == 0 ? (v >> 4) & 0x0f : (v >> (exponent + 3)) & 0x0f;
            return (byte) ((sign | (exponent << 4) | mantissa) ^ 0x55);
        }

        private static int alawDecode(byte code) {
            int a = (code ^ 0x55) & 0xff;
            int exponent = (a >> 4) & 0x07;
            int mantissa = a & 0x0f;
            int v = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
            return (a & 0x80) != 0 ? v : -v;
        }

        @Override
        public void close() {
            running = false;
            socket.close();
        }
    }
}
