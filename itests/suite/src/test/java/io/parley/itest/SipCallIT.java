package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.parley.api.blocklist.BlocklistService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.sip.SipSecurityService;
import io.parley.api.sip.SipSecurityStatus;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
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
 * The B2BUA against real SIP peers (Debian's SIPp) on distinct loopback addresses: a carrier on
 * an allow-listed public-trunk address calls a number (answered, its RTP reaches the appliance;
 * another address gets 403, a blocklisted caller 603, an unknown number 404); two registered
 * phones call each other (both legs up, RTP relayed both ways, BYE from either side ends both);
 * a phone calls out through a public trunk (outbound prefix, trunk number as caller) and the
 * carrier's 486/480/603/404 end the call with the SPEC §34 p43 statuses.
 *
 * <p>And the behaviours checked since (127.0.0.41-48): INVITE password guessing throttled then
 * blocked; a number's concurrency (486) and calls-per-second (503) limits and call type; a 302
 * not followed; session timers, re-INVITE and UPDATE in a bridged call, and the BYE when the
 * session is not refreshed; calls out through carrier_account and appliance_account channels.
 * Session refresh by the appliance (127.0.0.71): a carrier asking refresher=uas gets UPDATEs, one
 * that lost the dialog (481 to the refresh) a BYE; a phone without timer support gets re-INVITEs;
 * a callee whose 200 names the appliance refresher gets UPDATEs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipCallIT {

    private static final String CARRIER_IP = "127.0.0.2";
    private static final String STRANGER_IP = "127.0.0.3";
    private static final String OUT_CARRIER_IP = "127.0.0.4";
    private static final String GUESSER_IP = "127.0.0.41";
    private static final String HONEST_IP = "127.0.0.42";
    private static final String LIMITS_IP = "127.0.0.43";
    private static final String REDIRECTING_CARRIER_IP = "127.0.0.44";
    private static final String REDIRECT_TARGET_IP = "127.0.0.45";
    private static final String CARRIER_ACCOUNT_IP = "127.0.0.46";
    private static final String CALL_TYPE_IP = "127.0.0.47";
    private static final String GATEWAY_IP = "127.0.0.48";
    /** A carrier server host nothing listens on: reached only through the outbound proxy. */
    private static final String UNUSED_SERVER_IP = "127.0.0.49";
    /** A carrier that asks the appliance to refresh its sessions. */
    private static final String REFRESHED_CARRIER_IP = "127.0.0.71";
    /** Session interval the test phone asks for; the container's Min-SE is lowered to it. */
    private static final int SESSION_SECONDS = 6;

    @Inject
    SipChannelService channels;

    @Inject
    BlocklistService blocklist;

    @Inject
    InstanceService instances;

    @Inject
    SipPhoneService phoneService;

    @Inject
    CallControl calls;

    @Inject
    SipSecurityService security;

    @Inject
    TrunkService trunks;

    @Inject
    SessionFactory sessions;

    @Inject
    BundleContext context;

    private long instanceId;
    private String domain;
    private final List<Event> ended = new CopyOnWriteArrayList<>();
    private final List<Event> held = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                // trunk admission and the trunk monitor follow new channels within a second; no OPTIONS storms
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "callRingTimeoutSeconds", "6"),
                // session timers short enough to watch one expire
                editConfigurationFilePut("etc/io.parley.sip.cfg", "callMinSessionExpiresSeconds",
                        Integer.toString(SESSION_SECONDS)));
    }

    @Before
    public void setUp() {
        instanceId = instances.create("Calls " + unique(), "Asia/Shanghai").id();
        domain = instanceId + "." + phoneService.serverInfo().sipDomain();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, CallEvents.ENDED);
        props.put(EventConstants.EVENT_TOPIC, new String[] {CallEvents.ENDED, CallEvents.HELD});
        listener = context.registerService(EventHandler.class,
                e -> (CallEvents.ENDED.equals(e.getTopic()) ? ended : held).add(e), props);
    }

    @After
    public void tearDown() {
        if (listener != null) {
            listener.unregister();
        }
    }

    // ---- (a) inbound from a carrier ----

    @Test
    public void aCarrierOnItsPeerAddressIsAnsweredAndItsAudioArrivesOthersAreRefused() throws Exception {
        int peerPort = Sipp.freePort(CARRIER_IP, false);
        long channel = publicTrunk(CARRIER_IP, peerPort);
        String number = landline();
        addNumber(channel, number, false, "inbound");
        String blocked = "+86139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        blocklist.add(instanceId, blocked, "admin", "SipCallIT", null);
        Thread.sleep(2500);   // trunk admission re-reads the channels every second

        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        Sipp.Running call = Sipp.scenario("carrier_call.xml").from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", caller, "-d", "5000", "-mp", Integer.toString(mediaPort(CARRIER_IP)))
                .timeout(Duration.ofSeconds(30)).start();
        // while the caller talks: the call is up, answered, and its RTP arrives at the appliance
        CallInfo live = await("an answered inbound call from " + caller, () -> calls.calls().stream()
                .filter(c -> c.caller().endsWith(caller) && c.legs().get(0).rtpReceived() > 50).findFirst());
        assertEquals("inbound", live.direction());
        assertEquals("0086" + number, live.callee());
        assertEquals(LegInfo.ANSWERED, live.legs().get(0).state());
        String table = shell("parley:calls --instance " + instanceId);
        assertTrue(table, table.contains(live.id()) && table.contains("1 call(s)"));
        Sipp.Result done = call.await(Duration.ofSeconds(40));
        assertEquals(done.toString(), 0, done.exit());
        Event end = endedEvent(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)));
        assertEquals("abandoned_in_ivr", end.getProperty(CallEvents.STATUS));
        assertTrue(calls.call(live.id()).isEmpty());

        // the same INVITE from an address that is no peer: 403, and the call never exists
        Sipp.Result stranger = Sipp.scenario("carrier_call.xml").from(STRANGER_IP).port(peerPort).service(number)
                .args("-key", "caller", caller, "-d", "100").run();
        assertEquals(stranger.toString(), 1, stranger.exit());
        assertTrue(stranger.toString(), stranger.answer().contains("SIP/2.0 403"));

        // a blocklisted caller: 603, and the call is recorded as blocklisted
        Sipp.Result refused = Sipp.scenario("carrier_call.xml").from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", blocked, "-d", "100").run();
        assertTrue(refused.toString(), refused.answer().contains("SIP/2.0 603"));
        Event blockedEnd = endedEvent(e -> "blocklisted".equals(e.getProperty(CallEvents.STATUS)));
        assertEquals(instanceId, blockedEnd.getProperty(CallEvents.INSTANCE_ID));

        // a number the channel does not carry: 404
        Sipp.Result unknown = Sipp.scenario("carrier_call.xml").from(CARRIER_IP).port(peerPort).service(landline())
                .args("-key", "caller", caller, "-d", "100").run();
        assertTrue(unknown.toString(), unknown.answer().contains("SIP/2.0 404"));
    }

    // ---- (b) phone to phone ----

    @Test
    public void aPhoneCallsAnExtensionAudioFlowsBothWaysAndEitherByeEndsBothLegs() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        try (RtpPeer aliceRtp = rtp(6000); RtpPeer bobRtp = rtp(-6000)) {
            Sipp.Running answering = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(bobRtp.port())).timeout(Duration.ofSeconds(40)).start();
            Thread.sleep(300);
            Sipp.Running calling = alice.sipp("phone_call.xml", bob.ext, aliceRtp.port(), "6000").start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            assertEquals("internal", live.category());
            assertEquals(2, live.legs().size());
            // each phone hears the other: the tone each sends arrives at the other one through the appliance
            awaitTrue("alice hears bob and bob hears alice",
                    () -> aliceRtp.count(RtpPeer.HEARD) > 25 && bobRtp.count(RtpPeer.HEARD) > 25);
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            Sipp.Result callee = answering.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            // the callee's scenario ends only when the appliance sent it the caller's BYE
            assertEquals(callee.toString(), 0, callee.exit());
            Event end = endedEvent(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)));
            assertEquals("answered", end.getProperty(CallEvents.STATUS));
            assertTrue(calls.call(live.id()).isEmpty());
        }

        // the callee hangs up this time: the caller gets the BYE
        Sipp.Running answering = Sipp.scenario("phone_answer_hangup.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002", "-d", "1500").timeout(Duration.ofSeconds(30)).start();
        Thread.sleep(300);
        Sipp.Result caller = alice.sipp("phone_call_wait_bye.xml", bob.ext, 40000, null).run();
        Sipp.Result callee = answering.await(Duration.ofSeconds(40));
        assertEquals(callee.toString(), 0, callee.exit());
        assertEquals(caller.toString(), 0, caller.exit());
        awaitTrue("no call of " + alice.ext + " left", () -> calls.calls().stream().noneMatch(c -> c.caller().equals(alice.ext)));
    }

    @Test
    public void earlyMediaOfTheCalleeReachesTheCallerAndACancelEndsBothLegs() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        try (RtpPeer aliceRtp = rtp(6000); RtpPeer bobRtp = rtp(-6000)) {
            Sipp.Running ringing = Sipp.scenario("phone_early_cancel.xml").port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(bobRtp.port())).timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            Sipp.Running calling = alice.sipp("phone_call_cancel.xml", bob.ext, aliceRtp.port(), "4000").start();
            // before any answer, the caller hears what the callee side plays (183 with SDP passed through)
            awaitTrue("alice hears bob's early media", () -> aliceRtp.count(RtpPeer.HEARD) > 25);
            CallInfo live = calls.calls().stream().filter(c -> c.caller().equals(alice.ext)).findFirst().orElseThrow();
            assertEquals(LegInfo.EARLY, live.legs().get(1).state());
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            Sipp.Result callee = ringing.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            // the callee's scenario ends only after the appliance cancelled its leg
            assertEquals(callee.toString(), 0, callee.exit());
            Event end = endedEvent(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)));
            assertEquals("caller_canceled", end.getProperty(CallEvents.STATUS));
        }
    }

    @Test
    public void aPhoneHoldsWithAReInviteAndResumes() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        Sipp.Running answering = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002").timeout(Duration.ofSeconds(40)).start();
        Thread.sleep(300);
        Sipp.Result caller = alice.sipp("phone_call_hold.xml", bob.ext, 40000, "1000").run();
        Sipp.Result callee = answering.await(Duration.ofSeconds(40));
        assertEquals(caller.toString(), 0, caller.exit());
        assertEquals(callee.toString(), 0, callee.exit());
        // the hold offer (sendonly) was answered recvonly, the resume sendrecv
        String log = caller.messages();
        int hold = log.indexOf("a=sendonly");
        assertTrue(log, hold > 0 && log.indexOf("a=recvonly", hold) > hold);
        List<Object> changes = held.stream().filter(e -> alice.ext.equals(e.getProperty(CallEvents.CALLER)))
                .map(e -> e.getProperty(CallEvents.ON_HOLD)).toList();
        assertEquals(List.of(true, false), changes);
        assertEquals("answered", endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE))).getProperty(CallEvents.STATUS));
    }

    @Test
    public void aCalleeThatDoesNotAnswerIsCancelledAfterTheRingTimeout() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        Sipp.Running ringing = Sipp.scenario("phone_early_cancel.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002").timeout(Duration.ofSeconds(40)).start();
        Thread.sleep(300);
        // the test container's callRingTimeoutSeconds is 6
        Sipp.Result caller = alice.sipp("phone_call.xml", bob.ext, 40000, "100").run();
        Sipp.Result callee = ringing.await(Duration.ofSeconds(40));
        assertTrue(caller.toString(), caller.answer().contains("SIP/2.0 480"));
        assertEquals(callee.toString(), 0, callee.exit());
        assertEquals("missed", endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE))).getProperty(CallEvents.STATUS));
    }

    @Test
    public void callControlOriginatesDialsBridgesAndHangsUpTwoPhones() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        Sipp.Running aliceAnswers = Sipp.scenario("phone_answer.xml").port(alice.port).service(alice.ext)
                .args("-key", "rtpport", "40004").timeout(Duration.ofSeconds(40)).start();
        Sipp.Running bobAnswers = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40006").timeout(Duration.ofSeconds(40)).start();
        Thread.sleep(300);
        // click-to-dial: ring alice first, then bob, and connect them
        Dialing first = calls.originate(Destination.phone(instanceId, alice.ext), "Parley");
        LegInfo a = first.outcome().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(a.toString(), a.isAnswered());
        Dialing second = calls.dial(first.callId(), Destination.phone(instanceId, bob.ext));
        LegInfo b = second.outcome().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(b.toString(), b.isAnswered());
        calls.bridge(first.callId(), a.id(), b.id());
        assertEquals(CallInfo.BRIDGED, calls.call(first.callId()).orElseThrow().state());
        // the operator hangs it up from the shell
        String out = shell("parley:call-hangup " + first.callId());
        assertTrue(out, out.contains("Call " + first.callId() + " hung up"));
        // both phones' scenarios end only when each got its BYE
        Sipp.Result aliceRun = aliceAnswers.await(Duration.ofSeconds(40));
        Sipp.Result bobRun = bobAnswers.await(Duration.ofSeconds(40));
        assertEquals(aliceRun.toString(), 0, aliceRun.exit());
        assertEquals(bobRun.toString(), 0, bobRun.exit());
        assertEquals("answered", endedEvent(e -> first.callId().equals(e.getProperty(CallEvents.SESSION_ID)))
                .getProperty(CallEvents.STATUS));
        assertTrue(calls.call(first.callId()).isEmpty());
        try {
            shell("parley:call-hangup " + first.callId());
            throw new AssertionError("hanging up an ended call succeeded");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("NOT_FOUND"));
        }
    }

    // ---- (c) phone to an external number through a public trunk ----

    @Test
    public void aPhoneCallsOutThroughATrunkWithThePrefixAndTheCarriersRefusalsMapToSpecStatuses() throws Exception {
        int peerPort = Sipp.freePort(OUT_CARRIER_IP, false);
        long channel = publicTrunk(OUT_CARRIER_IP, peerPort);
        String trunkNumber = landline();
        addNumber(channel, trunkNumber, true, null);
        Phone alice = phone();
        Thread.sleep(1500);
        for (String[] c : new String[][] {{"486", "callee_busy"}, {"480", "missed"}, {"603", "rejected"},
                {"404", "empty_number"}}) {
            String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
            Sipp.Running carrier = Sipp.scenario(refusing(c[0])).from(OUT_CARRIER_IP).port(peerPort).to(null)
                    .calls(10).timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            Sipp.Result phoneRun = alice.sipp("phone_call.xml", dialled, 40000, "100").run();
            assertTrue(phoneRun.toString(), phoneRun.answer().contains("SIP/2.0 " + c[0]));
            Event end = endedEvent(e -> dialled.equals(e.getProperty(CallEvents.CALLEE)));
            assertEquals(c[0] + " maps to " + c[1], c[1], end.getProperty(CallEvents.STATUS));
            assertEquals("outbound", end.getProperty(CallEvents.DIRECTION));
            carrier.stop();
            Sipp.Result seen = carrier.await(Duration.ofSeconds(10));
            // the carrier saw the outbound prefix before the dialled number, and the trunk number as caller
            assertTrue(seen.messages(), seen.messages().contains("INVITE sip:99" + dialled + "@"));
            assertTrue(seen.messages(), seen.messages().contains("<sip:" + trunkNumber + "@"));
        }
    }

    // ---- (d) checks: toll fraud, number limits, redirects, session timers, account channels ----

    @Test
    public void anInvitePasswordGuesserIsThrottledThenBlockedWhileAnotherAddressIsServed() throws Exception {
        // a phone registered from the guesser's address: its INVITEs get as far as digest authentication
        Phone victim = phone(GUESSER_IP);
        Phone carol = phone(HONEST_IP);
        Phone bob = phone();
        Map<String, Long> before = security.status().counters();
        // ten wrong passwords: five answered at once, then one request a second, then blocked
        Sipp.Result guesses = Sipp.scenario("chk_invite_guess.xml").from(GUESSER_IP).service(victim.ext)
                .auth(victim.ext, "guess").args("-key", "domain", domain, "-l", "1").calls(10)
                .timeout(Duration.ofSeconds(120)).run();
        assertEquals("every guess was answered 403: " + guesses, 0, guesses.exit());
        Map<String, Long> after = security.status().counters();
        assertTrue(before + " -> " + after, delta(before, after, "auth_failed") >= 10);
        assertEquals(before + " -> " + after, 1, delta(before, after, "throttled"));
        assertTrue("requests beyond one a second were dropped while throttled: " + after,
                delta(before, after, "dropped_throttled") > 0);
        assertEquals(before + " -> " + after, 1, delta(before, after, "blocked"));
        SipSecurityStatus.Source source = security.status().sources().stream().filter(s -> s.ip().equals(GUESSER_IP))
                .findFirst().orElseThrow(() -> new AssertionError(security.status()));
        assertEquals(source.toString(), "blocked", source.state());
        assertEquals(source.toString(), victim.ext, source.lastUser());
        try {
            // the right password from the blocked address gets no answer at all
            Sipp.Result blocked = victim.sipp("phone_call.xml", bob.ext, 40000, "100").timeout(Duration.ofSeconds(4)).run();
            assertTrue(blocked.toString(), blocked.exit() != 0);
            assertFalse(blocked.messages(), blocked.messages().contains("SIP/2.0 407"));
            // another address is served: its call to bob goes through
            Sipp.Running answering = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", "40002").timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            Sipp.Result call = carol.sipp("phone_call.xml", bob.ext, 40000, "500").run();
            assertEquals(call.toString(), 0, call.exit());
            Sipp.Result answered = answering.await(Duration.ofSeconds(40));
            assertEquals(answered.toString(), 0, answered.exit());
            String table = shell("parley:sip-security");
            assertTrue(table, table.contains(GUESSER_IP) && table.contains("blocked"));
        } finally {
            // the container is shared by the other tests of the class
            assertTrue(shell("parley:sip-security --unblock " + GUESSER_IP).contains(GUESSER_IP + " unblocked"));
        }
    }

    @Test
    public void aNumbersConcurrencyAndCallsPerSecondLimitsRefuseTheCallsOverThem() throws Exception {
        int peerPort = Sipp.freePort(LIMITS_IP, false);
        long channel = publicTrunk(LIMITS_IP, peerPort);
        String single = landline();
        String slow = landline();
        channels.addNumbers(channel, List.of(limited(single, 1, null), limited(slow, null, 1)));
        Thread.sleep(2500);   // trunk admission re-reads the channels every second

        Phone alice = phone();
        // max_concurrent_calls 1: a second call 1.5 s into the first (which talks 5 s) is refused 486
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        Sipp.Running both = Sipp.scenario("carrier_call.xml").from(LIMITS_IP).port(peerPort).service(single)
                .calls(2).args("-key", "caller", caller, "-d", "5000", "-r", "2", "-rp", "3000",
                        "-mp", Integer.toString(mediaPort(LIMITS_IP)))
                .timeout(Duration.ofSeconds(40)).start();
        await("the first call to " + single, () -> calls.calls().stream()
                .filter(c -> c.callee().equals("0086" + single) && c.legs().get(0).isAnswered()).findFirst());
        // the limit counts both directions: meanwhile a phone's external call through the number is refused
        String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Sipp.Result out = alice.sipp("phone_call.xml", dialled, 40000, "100").run();
        assertTrue(out.toString(), out.answer().contains("SIP/2.0 503"));
        assertEquals("carrier_error", endedEvent(e -> dialled.equals(e.getProperty(CallEvents.CALLEE)))
                .getProperty(CallEvents.STATUS));
        Sipp.Result two = both.await(Duration.ofSeconds(50));
        assertEquals("one of the two calls fails: " + two, 1, two.exit());
        assertTrue(two.toString(), two.answer().contains("SIP/2.0 486"));
        // the first call was answered and ended normally by its caller
        Event first = endedEvent(e -> ("0086" + single).equals(e.getProperty(CallEvents.CALLEE)));
        assertEquals("abandoned_in_ivr", first.getProperty(CallEvents.STATUS));
        assertEquals(1, ended.stream().filter(e -> ("0086" + single).equals(e.getProperty(CallEvents.CALLEE))).count());

        // max_calls_per_second 1: of five calls started within half a second, the ones after the first are refused 503
        Sipp.Result burst = Sipp.scenario("carrier_call.xml").from(LIMITS_IP).port(peerPort).service(slow)
                .calls(5).args("-key", "caller", caller, "-d", "100", "-r", "10", "-mp", Integer.toString(mediaPort(LIMITS_IP)))
                .timeout(Duration.ofSeconds(40)).run();
        assertEquals(burst.toString(), 1, burst.exit());
        assertTrue(burst.messages(), count(burst.messages(), "SIP/2.0 503") >= 1);
        assertTrue(burst.messages(), count(burst.messages(), "SIP/2.0 200 OK") >= 1);
        assertTrue(ended.stream().anyMatch(e -> ("0086" + slow).equals(e.getProperty(CallEvents.CALLEE))));
    }

    @Test
    public void anInboundOnlyNumberPlacesNoCallAndAnOutboundOnlyNumberTakesNone() throws Exception {
        int peerPort = Sipp.freePort(CALL_TYPE_IP, false);
        long channel = publicTrunk(CALL_TYPE_IP, peerPort);
        String inboundOnly = landline();
        addNumber(channel, inboundOnly, false, "inbound");
        Phone alice = phone();
        Thread.sleep(2500);
        String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));

        // the instance's only number is inbound: a phone's external call is refused, recorded carrier_error (SPEC §2.2)
        Sipp.Result out = alice.sipp("phone_call.xml", dialled, 40000, "100").run();
        assertTrue(out.toString(), out.answer().contains("SIP/2.0 503"));
        assertEquals("carrier_error", endedEvent(e -> dialled.equals(e.getProperty(CallEvents.CALLEE)))
                .getProperty(CallEvents.STATUS));
        // nor can CallControl place a call with it as the caller number
        Dialing dialing = calls.originate(Destination.external(instanceId, dialled, inboundOnly), "SipCallIT");
        LegInfo leg = dialing.outcome().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(leg.toString(), leg.isAnswered());
        assertEquals(leg.toString(), "carrier_error", leg.failureStatus());

        // an outbound-only number takes no inbound call: 404, and no call exists
        String outboundOnly = landline();
        addNumber(channel, outboundOnly, false, "outbound");
        Thread.sleep(1500);
        Sipp.Result in = Sipp.scenario("carrier_call.xml").from(CALL_TYPE_IP).port(peerPort).service(outboundOnly)
                .args("-key", "caller", "13800000000", "-d", "100").run();
        assertTrue(in.toString(), in.answer().contains("SIP/2.0 404"));
        // while the inbound-only one does
        Sipp.Result inOk = Sipp.scenario("carrier_call.xml").from(CALL_TYPE_IP).port(peerPort).service(inboundOnly)
                .args("-key", "caller", "13800000000", "-d", "100", "-mp", Integer.toString(mediaPort(CALL_TYPE_IP))).run();
        assertEquals(inOk.toString(), 0, inOk.exit());
    }

    @Test
    public void aRedirectOfThePhoneOrTheCarrierIsNotFollowedAndTheCallerGetsAnError() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        int carrierPort = Sipp.freePort(REDIRECTING_CARRIER_IP, false);
        long channel = publicTrunk(REDIRECTING_CARRIER_IP, carrierPort);
        addNumber(channel, landline(), false, null);
        try (DatagramSocket target = new DatagramSocket(0, InetAddress.getByName(REDIRECT_TARGET_IP))) {
            String redirect = REDIRECT_TARGET_IP + ":" + target.getLocalPort();
            // a phone answering 302
            Sipp.Running moved = Sipp.scenario("chk_redirect.xml").port(bob.port).service(bob.ext)
                    .args("-key", "redirect", redirect).timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            Sipp.Result caller = alice.sipp("phone_call.xml", bob.ext, 40000, "100").run();
            assertTrue(caller.toString(), caller.answer().contains("SIP/2.0 480"));
            Sipp.Result callee = moved.await(Duration.ofSeconds(40));
            assertEquals(callee.toString(), 0, callee.exit());
            Event end = endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE)));
            // SPEC §34 p43: a 3xx is none of the mapped answers
            assertEquals("unknown", end.getProperty(CallEvents.STATUS));
            assertEquals(302, end.getProperty(CallEvents.SIP_STATUS));

            // a carrier answering 302
            String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
            Sipp.Running carrier = Sipp.scenario("chk_redirect.xml").from(REDIRECTING_CARRIER_IP).port(carrierPort).to(null)
                    .calls(10).args("-key", "redirect", redirect).timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            Sipp.Result out = alice.sipp("phone_call.xml", dialled, 40000, "100").run();
            assertTrue(out.toString(), out.answer().contains("SIP/2.0 480"));
            assertEquals("unknown", endedEvent(e -> dialled.equals(e.getProperty(CallEvents.CALLEE)))
                    .getProperty(CallEvents.STATUS));
            carrier.stop();
            assertTrue(carrier.await(Duration.ofSeconds(10)).messages().contains("SIP/2.0 302"));

            // neither redirect was followed: nothing reached the address they pointed at
            target.setSoTimeout(1000);
            try {
                target.receive(new DatagramPacket(new byte[2048], 2048));
                throw new AssertionError("the appliance followed a redirect to " + redirect);
            } catch (SocketTimeoutException expected) {
                // nothing came
            }
        }
    }

    @Test
    public void sessionRefreshesAndUpdatesKeepABridgedCallUpUntilTheyStopThenBothLegsGetABye() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        Sipp.Running answering = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002").timeout(Duration.ofSeconds(60)).start();
        Thread.sleep(300);
        // re-INVITE, UPDATE (hold), UPDATE (resume) 1.5 s apart, each with Session-Expires 6; then silence
        Sipp.Running calling = alice.sipp("chk_phone_session.xml", bob.ext, 40000, "1500")
                .args("-key", "se", Integer.toString(SESSION_SECONDS)).timeout(Duration.ofSeconds(60)).start();
        CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
        // every refresh was answered 200 with Session-Expires and our SDP (the scenario checks), and the
        // appliance's BYE came only after the refreshes stopped: both scenarios end with it
        Sipp.Result caller = calling.await(Duration.ofSeconds(70));
        Sipp.Result callee = answering.await(Duration.ofSeconds(70));
        assertEquals(caller.toString(), 0, caller.exit());
        assertEquals(callee.toString(), 0, callee.exit());
        Event end = endedEvent(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)));
        assertEquals("answered", end.getProperty(CallEvents.STATUS));
        assertEquals("system", end.getProperty(CallEvents.HANGUP_PARTY));
        // the refreshes kept the call up beyond one session interval
        long lived = (Long) end.getProperty(CallEvents.TIMESTAMP) - live.since().toEpochMilli();
        assertTrue("call lived " + lived + " ms", lived > SESSION_SECONDS * 1000L);
        // the UPDATE with a=sendonly held bob, the next one resumed
        List<Object> changes = held.stream().filter(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)))
                .map(e -> e.getProperty(CallEvents.ON_HOLD)).toList();
        assertEquals(List.of(true, false), changes);

        // a session interval below Min-SE: 422 with Min-SE
        Sipp.Result brief = alice.sipp("chk_phone_session.xml", bob.ext, 40000, "100")
                .args("-key", "se", Integer.toString(SESSION_SECONDS - 3)).run();
        assertTrue(brief.toString(), brief.answer().contains("SIP/2.0 422"));
        assertTrue(brief.messages(), brief.messages().contains("Min-SE: " + SESSION_SECONDS));
    }

    @Test
    public void aPhoneWithoutTimerSupportGetsTheAppliancesRefreshesAndIsNotCutOff() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        Sipp.Running answering = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002").timeout(Duration.ofSeconds(40)).start();
        Thread.sleep(300);
        // Session-Expires 6 without Supported: timer (a proxy added it): the appliance confirms refresher=uas and
        // re-INVITEs alice (her INVITE had no Allow) with its SDP every 3 s; she answers two and hangs up herself
        Sipp.Result caller = alice.sipp("chk_phone_no_timer.xml", bob.ext, 40000, "1000")
                .args("-key", "se", Integer.toString(SESSION_SECONDS)).run();
        Sipp.Result callee = answering.await(Duration.ofSeconds(40));
        assertEquals("two refreshes came and no BYE of the appliance: " + caller, 0, caller.exit());
        assertEquals(callee.toString(), 0, callee.exit());
        // and asked for no refreshes she could not send
        assertFalse(caller.messages(), caller.messages().contains("Require: timer"));
        assertEquals("agent", endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE)))
                .getProperty(CallEvents.HANGUP_PARTY));
    }

    @Test
    public void aCalleeRefreshingTheSessionItselfIsAnsweredAndItsSilenceEndsTheCall() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        Sipp.Running answering = Sipp.scenario("chk_answer_refresher.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002", "-key", "se", Integer.toString(SESSION_SECONDS), "-d", "2000")
                .timeout(Duration.ofSeconds(40)).start();
        Thread.sleep(300);
        Sipp.Result caller = alice.sipp("phone_call_wait_bye.xml", bob.ext, 40000, null).run();
        Sipp.Result callee = answering.await(Duration.ofSeconds(50));
        // bob's UPDATE was answered 200 with Session-Expires; once bob fell silent both legs got a BYE
        assertEquals(callee.toString(), 0, callee.exit());
        assertEquals(caller.toString(), 0, caller.exit());
        // the appliance's INVITE offers to refresh (Supported: timer, refresher=uac); bob's 200 named himself
        assertTrue(callee.messages(), callee.messages().contains("INVITE sip:" + bob.ext));
        assertTrue(callee.messages(), callee.messages().contains("Supported: timer"));
        Event end = endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE)));
        assertEquals("answered", end.getProperty(CallEvents.STATUS));
        assertEquals("system", end.getProperty(CallEvents.HANGUP_PARTY));
    }

    @Test
    public void aCalleeLeavingTheRefreshesToTheApplianceGetsUpdatesAndTheCallStaysUp() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        // bob's 200 names the appliance refresher (refresher=uac) and allows UPDATE: two UPDATEs, then he hangs up
        Sipp.Running answering = Sipp.scenario("chk_answer_uac_refresher.xml").port(bob.port).service(bob.ext)
                .args("-key", "rtpport", "40002", "-key", "se", Integer.toString(SESSION_SECONDS), "-d", "1500")
                .timeout(Duration.ofSeconds(40)).start();
        Thread.sleep(300);
        long before = System.currentTimeMillis();
        Sipp.Result caller = alice.sipp("phone_call_wait_bye.xml", bob.ext, 40000, null).run();
        Sipp.Result callee = answering.await(Duration.ofSeconds(50));
        assertEquals(callee.toString(), 0, callee.exit());
        assertEquals(caller.toString(), 0, caller.exit());
        Event end = endedEvent(e -> bob.ext.equals(e.getProperty(CallEvents.CALLEE)));
        assertEquals("answered", end.getProperty(CallEvents.STATUS));
        assertEquals("agent", end.getProperty(CallEvents.HANGUP_PARTY));
        long lived = (Long) end.getProperty(CallEvents.TIMESTAMP) - before;
        assertTrue("call lived " + lived + " ms", lived > SESSION_SECONDS * 1000L);
    }

    @Test
    public void aCarrierAskingRefresherUasGetsTheAppliancesRefreshesAndOneThatLostTheDialogIsHungUp() throws Exception {
        int peerPort = Sipp.freePort(REFRESHED_CARRIER_IP, false);
        long channel = publicTrunk(REFRESHED_CARRIER_IP, peerPort);
        String number = landline();
        addNumber(channel, number, false, "inbound");
        Thread.sleep(2500);   // trunk admission re-reads the channels every second

        // Session-Expires 6;refresher=uas: confirmed with Require: timer, then an UPDATE (the carrier allows it)
        // every 3 s; the carrier answers two and hangs up itself, more than one interval after the answer
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        long before = System.currentTimeMillis();
        Sipp.Result refreshed = Sipp.scenario("chk_carrier_refresher_uas.xml").from(REFRESHED_CARRIER_IP).port(peerPort)
                .service(number).args("-key", "caller", caller, "-key", "se", Integer.toString(SESSION_SECONDS),
                        "-d", "1500", "-mp", Integer.toString(mediaPort(REFRESHED_CARRIER_IP)))
                .timeout(Duration.ofSeconds(30)).run();
        assertEquals(refreshed.toString(), 0, refreshed.exit());
        Event end = endedEvent(e -> String.valueOf(e.getProperty(CallEvents.CALLER)).endsWith(caller));
        assertEquals("customer", end.getProperty(CallEvents.HANGUP_PARTY));
        long lived = (Long) end.getProperty(CallEvents.TIMESTAMP) - before;
        assertTrue("call lived " + lived + " ms", lived > SESSION_SECONDS * 1000L);

        // a carrier without Allow gets a re-INVITE with the appliance's SDP; it lost the dialog (481): BYE
        String lostCaller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        Sipp.Result lost = Sipp.scenario("chk_carrier_refresh_lost.xml").from(REFRESHED_CARRIER_IP).port(peerPort)
                .service(number).args("-key", "caller", lostCaller, "-key", "se", Integer.toString(SESSION_SECONDS),
                        "-mp", Integer.toString(mediaPort(REFRESHED_CARRIER_IP)))
                .timeout(Duration.ofSeconds(30)).run();
        assertEquals(lost.toString(), 0, lost.exit());
        Event gone = endedEvent(e -> String.valueOf(e.getProperty(CallEvents.CALLER)).endsWith(lostCaller));
        assertEquals("customer", gone.getProperty(CallEvents.HANGUP_PARTY));
        assertTrue(calls.calls().stream().noneMatch(c -> c.caller().endsWith(lostCaller)));
    }

    @Test
    public void aPhoneCallsOutThroughACarrierAccountChannelAuthenticatingToTheCarrier() throws Exception {
        callOutThroughACarrierAccount(false);
    }

    @Test
    public void aCarrierAccountWithAnOutboundProxySendsTheCallThroughTheProxy() throws Exception {
        callOutThroughACarrierAccount(true);
    }

    /**
     * A phone's external call through a carrier_account channel whose carrier (SIPp) verifies the
     * REGISTER and INVITE digests; with {@code viaProxy} the SIPp is the channel's outbound proxy and
     * the server host ({@link #UNUSED_SERVER_IP}) only named in the Request-URI.
     */
    private void callOutThroughACarrierAccount(boolean viaProxy) throws Exception {
        String user = "cc" + ThreadLocalRandom.current().nextInt(1_000_000);
        String password = "Carrier#" + ThreadLocalRandom.current().nextInt(1_000_000) + "x";
        int carrierPort = Sipp.freePort(CARRIER_ACCOUNT_IP, false);
        try (RtpPeer aliceRtp = rtp(6000); RtpPeer carrierRtp = rtp(-6000)) {
            Sipp.Running carrier = Sipp.scenario("chk_carrier_account.xml").from(CARRIER_ACCOUNT_IP).port(carrierPort)
                    .to(null).calls(2).args("-key", "user", user, "-key", "pass", password,
                            "-key", "rtpport", Integer.toString(carrierRtp.port()))
                    .timeout(Duration.ofSeconds(60)).start();
            String server = viaProxy ? UNUSED_SERVER_IP : CARRIER_ACCOUNT_IP;
            int serverPort = viaProxy ? 5060 : carrierPort;
            long channel = channels.create(ChannelDraftBuilder.channel("Carrier account " + unique(), "sip_trunk",
                    "carrier_account").carrier(user, password, server, serverPort)
                    .outboundProxy(viaProxy ? CARRIER_ACCOUNT_IP : null, viaProxy ? carrierPort : null).transport("udp")
                    .build()).channel().id();
            String number = landline();
            addNumber(channel, number, false, null);
            await("channel " + channel + " registered to its carrier",
                    () -> trunks.trunkStatus(channel).filter(TrunkStatus::up));
            Phone alice = phone();
            String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
            Sipp.Running calling = alice.sipp("phone_call.xml", dialled, aliceRtp.port(), "4000").start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            assertEquals("telephone", live.category());
            awaitTrue("alice hears the carrier side and the carrier side hears alice",
                    () -> aliceRtp.count(RtpPeer.HEARD) > 25 && carrierRtp.count(RtpPeer.HEARD) > 25);
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            // the carrier verified both digests (REGISTER and INVITE) and got the BYE
            Sipp.Result seen = carrier.await(Duration.ofSeconds(40));
            assertEquals(seen.toString(), 0, seen.exit());
            assertTrue(seen.messages(), seen.messages().contains("INVITE sip:" + dialled + "@" + server + ":" + serverPort));
            if (viaProxy) {
                // the proxy as a loose route, the carrier's server in the Request-URI
                assertTrue(seen.messages(), seen.messages().contains("Route: <sip:" + CARRIER_ACCOUNT_IP + ":" + carrierPort + ";lr>"));
            }
            assertTrue(seen.messages(), seen.messages().contains("<sip:" + number + "@"));
            assertEquals("answered", endedEvent(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)))
                    .getProperty(CallEvents.STATUS));
        }
    }

    @Test
    public void aPhoneCallsOutThroughTheRegisteredGatewayOfAnApplianceAccountChannel() throws Exception {
        IssuedChannel gateway = channels.create(SipChannelDraft.named("Gateway " + unique(), "e1_t1", "appliance_account"));
        String user = gateway.channel().gatewayDigest().username();
        int gatewayPort = Sipp.freePort(GATEWAY_IP, false);
        Sipp.Result registered = Sipp.scenario("register.xml").from(GATEWAY_IP).port(gatewayPort).service(user)
                .auth(user, gateway.gatewayPassword()).run();
        assertEquals(registered.toString(), 0, registered.exit());
        String number = landline();
        addNumber(gateway.channel().id(), number, true, null);
        Phone alice = phone();
        String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        try (RtpPeer aliceRtp = rtp(6000); RtpPeer gatewayRtp = rtp(-6000)) {
            // the gateway answers on the address it registered from
            Sipp.Running answering = Sipp.scenario("chk_answer.xml").from(GATEWAY_IP).port(gatewayPort).service(user)
                    .args("-key", "rtpport", Integer.toString(gatewayRtp.port())).timeout(Duration.ofSeconds(40)).start();
            Thread.sleep(300);
            Sipp.Running calling = alice.sipp("phone_call.xml", dialled, aliceRtp.port(), "4000").start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            awaitTrue("alice hears the gateway side and the gateway side hears alice",
                    () -> aliceRtp.count(RtpPeer.HEARD) > 25 && gatewayRtp.count(RtpPeer.HEARD) > 25);
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            Sipp.Result gw = answering.await(Duration.ofSeconds(40));
            assertEquals("the gateway got the BYE: " + gw, 0, gw.exit());
            // to the gateway's binding, with the outbound prefix and the channel's number as caller
            assertTrue(gw.messages(), gw.messages().contains("INVITE sip:99" + dialled + "@" + GATEWAY_IP + ":" + gatewayPort));
            assertTrue(gw.messages(), gw.messages().contains("<sip:" + number + "@"));
            assertEquals("answered", endedEvent(e -> live.id().equals(e.getProperty(CallEvents.SESSION_ID)))
                    .getProperty(CallEvents.STATUS));
        }
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String counter) {
        return after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    /** A number of the test instance with concurrency and calls-per-second limits (null: unlimited). */
    private TrunkNumberDraft limited(String number, Integer maxConcurrent, Integer maxPerSecond) {
        return NumberDraftBuilder.number(number, instanceId).outboundPrefix(false, null).maxConcurrentCalls(maxConcurrent)
                .maxCallsPerSecond(maxPerSecond).build();
    }

    // ---- helpers ----

    /** A SIP phone of the test instance, registered by SIPp from ip:port. */
    private final class Phone {
        final String ext;
        final String password;
        final int port;
        final String ip;

        Phone(String ext, String password, int port, String ip) {
            this.ext = ext;
            this.password = password;
            this.port = port;
            this.ip = ip;
        }

        Sipp sipp(String scenario, String dial, int rtpPort, String holdMs) {
            Sipp s = Sipp.scenario(scenario).from(ip).port(port).service(ext).auth(ext, password)
                    .args("-key", "domain", domain, "-key", "dial", dial, "-key", "rtpport", Integer.toString(rtpPort))
                    .timeout(Duration.ofSeconds(30));
            return holdMs == null ? s : s.args("-d", holdMs);
        }
    }

    private Phone phone() throws Exception {
        return phone("127.0.0.1");
    }

    private Phone phone(String ip) throws Exception {
        String ext = "7" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
        String password = phoneService.create(instanceId, new SipPhoneDraft(ext, "SIPp " + ext, null, null, null, "udp"))
                .sipPassword();
        int port = Sipp.freePort(ip, false);
        Sipp.Result r = Sipp.scenario("phone_register.xml").from(ip).port(port).service(ext).auth(ext, password)
                .args("-key", "domain", domain).run();
        assertEquals(r.toString(), 0, r.exit());
        return new Phone(ext, password, port, ip);
    }

    /** carrier_refuse.template with its status: SIPp reads response codes when it loads the scenario. */
    private static String refusing(String status) throws IOException {
        java.nio.file.Path template = java.nio.file.Path.of(System.getProperty("parley.itest.sipp.dir"), "carrier_refuse.template");
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("carrier_refuse_" + status, ".xml");
        java.nio.file.Files.writeString(copy, java.nio.file.Files.readString(template).replace("[status]", status));
        return copy.toAbsolutePath().toString();
    }

    private long publicTrunk(String ip, int port) {
        return channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(ip, port)))).channel().id();
    }

    /** A number of the test instance on {@code channel}: outbound prefix 99 or none, a call type or the default. */
    private void addNumber(long channel, String number, boolean prefix99, String callType) {
        channels.addNumbers(channel, List.of(NumberDraftBuilder.number(number, instanceId)
                .outboundPrefix(prefix99, prefix99 ? "99" : null).callType(callType).build()));
    }

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    /** An even UDP port pair free on {@code ip} for SIPp's media ({@code -mp}). */
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

    private Event endedEvent(Predicate<Event> which) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            Optional<Event> e = ended.stream().filter(which).findFirst();
            if (e.isPresent()) {
                return e.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching parley/call/ENDED event; seen: " + ended.stream()
                .map(e -> e.getProperty(CallEvents.SESSION_ID) + " " + e.getProperty(CallEvents.CALLEE) + " "
                        + e.getProperty(CallEvents.STATUS)).toList());
    }

    private <T> T await(String what, java.util.function.Supplier<Optional<T>> probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; calls now: " + calls.calls());
    }

    private void awaitTrue(String what, java.util.function.BooleanSupplier probe) throws InterruptedException {
        await(what, () -> probe.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * The media side of a phone or carrier whose SDP names 127.0.0.1: one party sends above zero,
     * the other below, and each counts what it hears of the other under {@link RtpPeer#HEARD}.
     */
    private static RtpPeer rtp(int level) throws IOException {
        return new RtpPeer("127.0.0.1", level, RtpPeer.oppositeSign(level));
    }

    private String shell(String command) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            throw new IOException(command + ": " + e.getMessage(), e);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
