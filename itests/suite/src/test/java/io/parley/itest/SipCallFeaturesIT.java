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
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * The same transfer in an inbound call of a SIPp carrier (a public_trunk peer) that CallControl
 * bridged to phone B: the carrier and C talk, and the carrier's BYE ends the call; and in a call
 * CallControl originated (phone A, then B dialled and bridged).
 *
 * <p>The media side of each phone is a Java RTP peer ({@link RtpPeer}) that sends a constant level
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
    /** The carrier (a public_trunk peer) whose call is transferred from B to C. */
    private static final String XFER_CARRIER_IP = "127.0.0.67";
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
    SipChannelService channels;

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
                // trunk admission follows a new channel within a second
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
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
        Phone bobMobile = bob.registerAnotherDevice(MOBILE_IP);
        assertEquals(registrar.bindings(instanceId, bob.ext).toString(), 2,
                registrar.bindings(instanceId, bob.ext).size());

        // 1. alice calls bob: the desk (the older binding) answers, the mobile rang and is cancelled
        try (RtpPeer aliceRtp = rtp(CALLER_IP, CALLER_LEVEL); RtpPeer deskRtp = rtp(DESK_IP, CALLEE_LEVEL)) {
            Sipp.Running desk = bob.answers("fx_answer_later.xml", deskRtp, 40);
            Sipp.Running mobile = bobMobile.answers("fx_ring_cancel.xml", null, 40);
            Sipp.Running calling = alice.sipp("phone_call.xml", bob.ext, aliceRtp.port(), "4000").start();
            CallInfo live = bridgedCallFrom(alice);
            assertEquals(2, live.legs().size());
            assertEquals(DESK_IP + ":" + bob.port, live.legs().get(1).address());
            // the mobile's scenario ends only once the appliance cancelled its ringing INVITE
            Sipp.Result mobileRun = mobile.await(Duration.ofSeconds(30));
            assertEquals(mobileRun.toString(), 0, mobileRun.exit());
            assertTrue(mobileRun.messages(), mobileRun.messages().contains("CANCEL sip:"));
            hearEachOther("alice and the desk", aliceRtp, CALLEE_LEVEL, deskRtp, CALLER_LEVEL);
            endsAnswered(live.id(), calling, desk);
        }

        // 2. a leg CallControl originates forks too: the mobile answers this time, the desk is cancelled
        try (RtpPeer mobileRtp = rtp(MOBILE_IP, CALLEE_LEVEL)) {
            Sipp.Running desk = bob.answers("fx_ring_cancel.xml", null, 40);
            Sipp.Running mobile = bobMobile.answers("fx_answer_later.xml", mobileRtp, 40);
            Dialing dialing = calls.originate(Destination.phone(instanceId, bob.ext), "Parley");
            LegInfo leg = dialing.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(leg.toString(), leg.isAnswered());
            assertEquals(MOBILE_IP + ":" + bobMobile.port, leg.address());
            Sipp.Result deskRun = desk.await(Duration.ofSeconds(30));
            assertEquals(deskRun.toString(), 0, deskRun.exit());
            // the answering device's media is the leg's: the appliance sends to it
            awaitTrue("the mobile receives the appliance's RTP", () -> mobileRtp.total() > 25);
            calls.hangup(dialing.callId(), null);
            endsAnswered(dialing.callId(), mobile);
        }

        // 3. both devices refuse: 603 beats 486 (RFC 3261 §16.7), the caller gets it and the call is "rejected"
        Sipp.Running desk = bob.answers("fx_refuse_busy.xml", null, 30);
        Sipp.Running mobile = bobMobile.answers("fx_refuse_decline.xml", null, 30);
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
        desk = bob.answers("fx_ring_cancel.xml", null, 30);
        mobile = bobMobile.answers("fx_ring_cancel.xml", null, 30);
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
        try (RtpPeer aliceRtp = rtp(CALLER_IP, CALLER_LEVEL); RtpPeer bobRtp = rtp(HOLD_CALLEE_IP, CALLEE_LEVEL)) {
            Sipp.Running answering = bob.answers("phone_answer.xml", bobRtp, 50);
            // talk 5 s, hold (a=sendonly) 5 s, resume 5 s, BYE
            Sipp.Running calling = alice.sipp("phone_call_hold.xml", bob.ext, aliceRtp.port(), "5000")
                    .timeout(Duration.ofSeconds(50)).start();
            CallInfo live = bridgedCallFrom(alice);
            hearEachOther("alice and bob", aliceRtp, CALLEE_LEVEL, bobRtp, CALLER_LEVEL);

            heldEvent(live.id(), true);
            assertEquals(CallInfo.HELD, calls.call(live.id()).orElseThrow().state());
            RtpPeer.Snapshot bobAtHold = bobRtp.snapshot();
            RtpPeer.Snapshot aliceAtHold = aliceRtp.snapshot();
            // bob hears music: audible packets that are no party's level
            awaitTrue("bob hears hold music", () -> bobRtp.count(RtpPeer.MUSIC) - bobAtHold.count(RtpPeer.MUSIC) >= 50);
            assertTrue("bob hears nothing of alice on hold: " + bobRtp,
                    bobRtp.count(CALLER_LEVEL) - bobAtHold.count(CALLER_LEVEL) <= 3);
            // alice's phone asked not to receive (sendonly): the appliance sends her nothing, bob's voice least of all
            assertTrue("alice receives nothing while she holds: " + aliceRtp, aliceRtp.total() - aliceAtHold.total() <= 3);

            heldEvent(live.id(), false);
            hearEachOther("alice and bob after the resume", aliceRtp, CALLEE_LEVEL, bobRtp, CALLER_LEVEL);
            endsAnswered(live.id(), calling, answering);
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
        try (RtpPeer aliceRtp = rtp(CALLER_IP, CALLER_LEVEL); RtpPeer bobRtp = rtp(HOLD_CALLEE_IP, CALLEE_LEVEL)) {
            // bob answers, talks 5 s, holds (a=sendonly) 5 s, resumes and waits for alice's BYE
            Sipp.Running answering = bob.answers("fx_answer_hold.xml", bobRtp, 60, "-d", "5000");
            Sipp.Running calling = alice.sipp("phone_call.xml", bob.ext, aliceRtp.port(), "22000")
                    .timeout(Duration.ofSeconds(60)).start();
            CallInfo live = bridgedCallFrom(alice);
            hearEachOther("alice and bob", aliceRtp, CALLEE_LEVEL, bobRtp, CALLER_LEVEL);

            heldEvent(live.id(), true);
            RtpPeer.Snapshot aliceAtHold = aliceRtp.snapshot();
            RtpPeer.Snapshot bobAtHold = bobRtp.snapshot();
            awaitTrue("alice hears the custom hold audio",
                    () -> aliceRtp.count(CUSTOM_HOLD_LEVEL) - aliceAtHold.count(CUSTOM_HOLD_LEVEL) >= 50);
            assertTrue("alice hears nothing of bob on hold: " + aliceRtp,
                    aliceRtp.count(CALLEE_LEVEL) - aliceAtHold.count(CALLEE_LEVEL) <= 3);
            assertTrue("bob receives nothing while he holds: " + bobRtp, bobRtp.total() - bobAtHold.total() <= 3);

            heldEvent(live.id(), false);
            hearEachOther("alice and bob after the resume", aliceRtp, CALLEE_LEVEL, bobRtp, CALLER_LEVEL);

            // the agent's hold (SPEC §21): the customer side, alice, hears the same hold audio, bob hears silence
            calls.hold(live.id(), true);
            RtpPeer.Snapshot aliceAtAgentHold = aliceRtp.snapshot();
            RtpPeer.Snapshot bobAtAgentHold = bobRtp.snapshot();
            awaitTrue("alice hears the custom hold audio on the agent's hold",
                    () -> aliceRtp.count(CUSTOM_HOLD_LEVEL) - aliceAtAgentHold.count(CUSTOM_HOLD_LEVEL) >= 25);
            assertTrue("bob hears nothing of alice on the agent's hold: " + bobRtp,
                    bobRtp.count(CALLER_LEVEL) - bobAtAgentHold.count(CALLER_LEVEL) <= 3);
            calls.hold(live.id(), false);
            RtpPeer.Snapshot aliceAtUnhold = aliceRtp.snapshot();
            awaitTrue("alice hears bob again", () -> aliceRtp.count(CALLEE_LEVEL) - aliceAtUnhold.count(CALLEE_LEVEL) > 25);
            endsAnswered(live.id(), calling, answering);
        }
    }

    // ---- (c) transfer ----

    @Test
    public void aTransferReplacesTheCalleesLegByANewPhoneThatTalksWithTheCallerAndHangsUpTheOldOne() throws Exception {
        Phone a = phone(XFER_A_IP);
        Phone b = phone(XFER_B_IP);
        Phone c = phone(XFER_C_IP);
        try (RtpPeer aRtp = rtp(XFER_A_IP, CALLER_LEVEL); RtpPeer bRtp = rtp(XFER_B_IP, CALLEE_LEVEL);
             RtpPeer cRtp = rtp(XFER_C_IP, TRANSFER_TARGET_LEVEL)) {
            // B answers and waits for the appliance's BYE; C first refuses (busy)
            Sipp.Running bAnswers = b.answers("phone_answer.xml", bRtp, 60);
            Sipp.Running cRefuses = c.answers("fx_refuse_busy.xml", null, 30);
            // A talks 20 s from the answer on, then hangs up: long enough for B, the refused transfer, then C
            Sipp.Running aCalls = a.sipp("phone_call.xml", b.ext, aRtp.port(), "20000")
                    .timeout(Duration.ofSeconds(60)).start();
            CallInfo live = bridgedCallFrom(a);
            hearEachOther("A and B", aRtp, CALLEE_LEVEL, bRtp, CALLER_LEVEL);
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
            hearEachOther("A and B after the refused transfer", aRtp, CALLEE_LEVEL, bRtp, CALLER_LEVEL);
            assertTrue(transferred.toString(), transferred.isEmpty());

            // C now rings 1 s, answers and waits for the BYE; A hangs up: the appliance ends C's leg with a BYE
            Sipp.Running cAnswers = c.answers("fx_answer_later.xml", cRtp, 50);
            transferAndCheck(live.id(), bLeg, bAnswers, c, aRtp, CALLEE_LEVEL, CALLER_LEVEL, cRtp);
            endsAnswered(live.id(), aCalls, cAnswers);
        }
    }

    @Test
    public void aCarriersCallBridgedToAPhoneIsTransferredToAnotherPhoneAndTheCarriersByeEndsIt() throws Exception {
        // an allow-listed carrier and a number of the instance; trunk admission re-reads the channels every second
        int carrierPort = Sipp.freePort(XFER_CARRIER_IP, false);
        long channel = channels.create(SipChannelDraft.named("Carrier " + Long.toString(System.nanoTime(), 36),
                "sip_trunk", "public_trunk").withPeers(List.of(new SipChannelDraft.PeerDraft(XFER_CARRIER_IP, carrierPort))))
                .channel().id();
        String number = "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        channels.addNumbers(channel, List.of(NumberDraftBuilder.number(number, instanceId).outboundPrefix(false, null)
                .build()));
        long admittedAt = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        Phone b = phone(XFER_B_IP);
        Phone c = phone(XFER_C_IP);
        Thread.sleep(Math.max(0, (admittedAt - System.nanoTime()) / 1_000_000));
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        try (RtpPeer carrierRtp = rtp(XFER_CARRIER_IP, CALLER_LEVEL); RtpPeer bRtp = rtp(XFER_B_IP, CALLEE_LEVEL);
             RtpPeer cRtp = rtp(XFER_C_IP, TRANSFER_TARGET_LEVEL)) {
            Sipp.Running bAnswers = b.answers("phone_answer.xml", bRtp, 60);
            // the carrier talks 15 s from the answer on, then hangs up: long enough for B, then C
            Sipp.Running carrier = Sipp.scenario("fx_carrier_call.xml").from(XFER_CARRIER_IP).port(carrierPort)
                    .service(number).args("-key", "caller", caller, "-key", "rtpport", Integer.toString(carrierRtp.port()),
                            "-d", "15000").timeout(Duration.ofSeconds(60)).start();
            // the appliance answers the carrier (no IVR here: the default greeting); an agent's phone is dialled and bridged
            CallInfo live = await("an answered inbound call from " + caller, () -> calls.calls().stream()
                    .filter(x -> x.caller().endsWith(caller) && x.legs().get(0).isAnswered()).findFirst());
            assertEquals("inbound", live.direction());
            String carrierLeg = live.legs().get(0).id();
            Dialing toB = calls.dial(live.id(), Destination.phone(instanceId, b.ext));
            LegInfo bLeg = toB.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(bLeg.toString(), bLeg.isAnswered());
            calls.bridge(live.id(), carrierLeg, bLeg.id());
            hearEachOther("the carrier and B", carrierRtp, CALLEE_LEVEL, bRtp, CALLER_LEVEL);
            RtpPeer.Snapshot carrierBridged = carrierRtp.snapshot();

            Sipp.Running cAnswers = c.answers("fx_answer_later.xml", cRtp, 50);
            transferAndCheck(live.id(), bLeg.id(), bAnswers, c, carrierRtp, CALLEE_LEVEL, CALLER_LEVEL, cRtp);
            // once bridged, the carrier hears the phones only: no greeting or hold music of the default handler
            assertTrue("the carrier hears no music once bridged: " + carrierRtp,
                    carrierRtp.count(RtpPeer.MUSIC) - carrierBridged.count(RtpPeer.MUSIC) <= 3);
            CallInfo after = calls.call(live.id()).orElseThrow();
            assertEquals(after.toString(), carrierLeg, after.legs().get(0).id());
            assertEquals(after.toString(), 3, after.legs().size());

            // the carrier's BYE ends the call: the appliance ends C's leg with a BYE; a bridged inbound call ends normally
            Sipp.Result carrierRun = carrier.await(Duration.ofSeconds(40));
            assertEquals(carrierRun.toString(), 0, carrierRun.exit());
            Sipp.Result cRun = cAnswers.await(Duration.ofSeconds(40));
            assertEquals(cRun.toString(), 0, cRun.exit());
            Event end = endedEvent(live.id());
            assertEquals("normal_end", end.getProperty(CallEvents.STATUS));
            assertEquals("customer", end.getProperty(CallEvents.HANGUP_PARTY));
            assertTrue(calls.call(live.id()).isEmpty());
        }
    }

    @Test
    public void aCallCallControlOriginatedIsTransferredFromTheSecondPhoneToAThird() throws Exception {
        Phone a = phone(XFER_A_IP);
        Phone b = phone(XFER_B_IP);
        Phone c = phone(XFER_C_IP);
        try (RtpPeer aRtp = rtp(XFER_A_IP, CALLER_LEVEL); RtpPeer bRtp = rtp(XFER_B_IP, CALLEE_LEVEL);
             RtpPeer cRtp = rtp(XFER_C_IP, TRANSFER_TARGET_LEVEL)) {
            Sipp.Running aAnswers = a.answers("phone_answer.xml", aRtp, 60);
            Sipp.Running bAnswers = b.answers("phone_answer.xml", bRtp, 60);
            // click-to-dial: A's phone first, then B, then the two are bridged
            Dialing toA = calls.originate(Destination.phone(instanceId, a.ext), "Parley");
            LegInfo aLeg = toA.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(aLeg.toString(), aLeg.isAnswered());
            Dialing toB = calls.dial(toA.callId(), Destination.phone(instanceId, b.ext));
            LegInfo bLeg = toB.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(bLeg.toString(), bLeg.isAnswered());
            calls.bridge(toA.callId(), aLeg.id(), bLeg.id());
            hearEachOther("A and B", aRtp, CALLEE_LEVEL, bRtp, CALLER_LEVEL);

            Sipp.Running cAnswers = c.answers("fx_answer_later.xml", cRtp, 50);
            transferAndCheck(toA.callId(), bLeg.id(), bAnswers, c, aRtp, CALLEE_LEVEL, CALLER_LEVEL, cRtp);

            // the call is hung up through CallControl: A and C get the BYE
            calls.hangup(toA.callId(), null);
            endsAnswered(toA.callId(), aAnswers, cAnswers);
        }
    }

    // ---- helpers ----

    /**
     * Transfers leg {@code awayLeg} of a bridged call to phone {@code target} (its SIPp already
     * answering with {@code targetRtp}) and checks all of it: nothing changes while the target
     * rings; once it answers, the remaining party and the target hear each other and the remaining
     * party no longer hears the old party (level {@code awayLevel}); the old leg's SIPp got the BYE
     * and ended; TRANSFERRED names the new and the old leg; CallInfo shows the old leg ended and
     * the new one answered with RTP both ways. Returns the new leg.
     */
    private LegInfo transferAndCheck(String callId, String awayLeg, Sipp.Running away, Phone target,
            RtpPeer remainingRtp, int awayLevel, int remainingLevel, RtpPeer targetRtp) throws Exception {
        Dialing dialing = calls.transfer(callId, awayLeg, Destination.phone(instanceId, target.ext));
        // while the target rings, nothing has changed: the call is still bridged with the old leg
        CallInfo ringing = calls.call(callId).orElseThrow();
        assertEquals(ringing.toString(), CallInfo.BRIDGED, ringing.state());
        assertTrue(ringing.toString(), ringing.legs().stream().filter(l -> l.id().equals(awayLeg))
                .findFirst().orElseThrow().isAnswered());
        LegInfo newLeg = dialing.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(newLeg.toString(), newLeg.isAnswered());
        assertEquals(target.ip + ":" + target.port, newLeg.address());
        assertEquals(callId, dialing.callId());

        Event moved = await("a parley/call/TRANSFERRED event for " + callId, () -> transferred.stream()
                .filter(e -> callId.equals(e.getProperty(CallEvents.SESSION_ID))).findFirst());
        assertEquals(newLeg.id(), moved.getProperty(CallEvents.LEG_ID));
        assertEquals(awayLeg, moved.getProperty("from.leg"));
        // the old leg ends with the appliance's BYE: its scenario (... wait for the BYE -> 200) completes
        Sipp.Result awayRun = away.await(Duration.ofSeconds(20));
        assertEquals(awayRun.toString(), 0, awayRun.exit());
        assertTrue(awayRun.messages(), awayRun.messages().contains("BYE sip:"));

        RtpPeer.Snapshot remainingAtTransfer = remainingRtp.snapshot();
        hearEachOther("the remaining party and the transfer target", remainingRtp, TRANSFER_TARGET_LEVEL,
                targetRtp, remainingLevel);
        // the old party's peer still sends to the appliance, but nobody relays it any more
        assertTrue("the remaining party hears nothing of the old one after the transfer: " + remainingRtp,
                remainingRtp.count(awayLevel) - remainingAtTransfer.count(awayLevel) <= 3);

        CallInfo after = calls.call(callId).orElseThrow();
        assertEquals(after.toString(), CallInfo.BRIDGED, after.state());
        LegInfo first = after.legs().get(0);
        LegInfo old = after.legs().stream().filter(l -> l.id().equals(awayLeg)).findFirst().orElseThrow();
        LegInfo now = after.legs().stream().filter(l -> l.id().equals(newLeg.id())).findFirst().orElseThrow();
        assertTrue(after.toString(), first.isAnswered());
        assertEquals(after.toString(), LegInfo.ENDED, old.state());
        assertTrue(after.toString(), now.isAnswered());
        assertEquals(after.toString(), target.ext, now.party());
        assertTrue(after.toString(), now.rtpReceived() > 0 && now.rtpSent() > 0);
        return newLeg;
    }

    /** A SIP phone (or one more device of it) of the test instance, registered by SIPp from ip:port. */
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

        /** SIPp calling {@code dial} from this phone, its SDP naming {@code rtpPort}, talking {@code pauseMs} (-d). */
        Sipp sipp(String scenario, String dial, int rtpPort, String pauseMs) {
            Sipp s = Sipp.scenario(scenario).from(ip).port(port).service(ext).auth(ext, password)
                    .args("-key", "domain", domain, "-key", "dial", dial, "-key", "rtpport", Integer.toString(rtpPort))
                    .timeout(Duration.ofSeconds(30));
            return pauseMs == null ? s : s.args("-d", pauseMs);
        }

        /**
         * Starts this device's SIPp UAS {@code scenario} on the address and port it registered
         * from (its SDP naming {@code rtp}, if any), and gives it the moment it needs to listen.
         */
        Sipp.Running answers(String scenario, RtpPeer rtp, int timeoutSeconds, String... args) throws Exception {
            Sipp s = Sipp.scenario(scenario).from(ip).port(port).service(ext).timeout(Duration.ofSeconds(timeoutSeconds));
            if (rtp != null) {
                s.args("-key", "rtpport", Integer.toString(rtp.port()));
            }
            Sipp.Running running = s.args(args).start();
            Thread.sleep(300);
            return running;
        }

        /** Registers the same extension from a second device. */
        Phone registerAnotherDevice(String deviceIp) throws Exception {
            return new Phone(ext, password, deviceIp, register(ext, password, deviceIp));
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

    /** The media side of a party on {@code ip}: sends {@code level}, sorts what it hears by the levels of this test. */
    private static RtpPeer rtp(String ip, int level) throws IOException {
        return new RtpPeer(ip, level, RtpPeer.levels(CALLER_LEVEL, CALLEE_LEVEL, CUSTOM_HOLD_LEVEL, TRANSFER_TARGET_LEVEL));
    }

    /** The call {@code caller}'s phone placed, once it is bridged. */
    private CallInfo bridgedCallFrom(Phone caller) throws InterruptedException {
        return await("a bridged call from " + caller.ext, () -> calls.calls().stream()
                .filter(c -> c.caller().equals(caller.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
    }

    /** From now on, {@code x} hears level {@code xHears} and {@code y} hears {@code yHears} (25 packets each, half a second). */
    private void hearEachOther(String who, RtpPeer x, int xHears, RtpPeer y, int yHears) throws InterruptedException {
        RtpPeer.Snapshot xAt = x.snapshot();
        RtpPeer.Snapshot yAt = y.snapshot();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (x.count(xHears) - xAt.count(xHears) <= 25 || y.count(yHears) - yAt.count(yHears) <= 25) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + who + " to hear each other; from "
                        + xAt + " to " + x + " and from " + yAt + " to " + y + "; calls now: " + calls.calls());
            }
            Thread.sleep(50);
        }
    }

    /** Every SIPp run ends well (a callee's only once the appliance sent it the BYE), and the call ended "answered". */
    private void endsAnswered(String callId, Sipp.Running... runs) throws Exception {
        for (Sipp.Running run : runs) {
            Sipp.Result r = run.await(Duration.ofSeconds(40));
            assertEquals(r.toString(), 0, r.exit());
        }
        assertEquals("answered", endedEvent(callId).getProperty(CallEvents.STATUS));
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
                        && Boolean.valueOf(onHold).equals(e.getProperty(CallEvents.ON_HOLD)))
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
}
