package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.sip.call.SessionTimers.Refresher;
import io.parley.sip.call.SessionTimers.RefreshOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/** RFC 4028 session timers: who refreshes, what our 2xx and INVITEs say, what an answer to our refresh means. */
public class SessionTimersTest {

    private static HeaderFactory headers;
    private static MessageFactory messages;
    private static AddressFactory addresses;

    private final ScheduledExecutorService timers = new ScheduledThreadPoolExecutor(1);
    private final List<Leg> expired = new ArrayList<>();
    private final List<Leg> lost = new ArrayList<>();
    private final SessionTimers sessionTimers = new SessionTimers(
            new LegMessages(null, messages, headers, addresses, "127.0.0.1"),
            new CallSettings(60, CallSettings.PROMPT_THEN_HOLD, "", 90), timers, outcome -> outcome,
            new SessionTimers.Endings() {
                @Override
                public void expired(Leg leg) {
                    expired.add(leg);
                }

                @Override
                public void lost(Leg leg) {
                    lost.add(leg);
                }
            });

    @BeforeClass
    public static void factories() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        headers = f.createHeaderFactory();
        messages = f.createMessageFactory();
        addresses = f.createAddressFactory();
    }

    @After
    public void stopTimers() {
        timers.shutdownNow();
    }

    // ---------------------------------------------------------------- decisions

    @Test
    public void aUacAskingRefresherUasOrNotSupportingTimersLeavesTheRefreshesToTheAppliance() {
        assertEquals(Refresher.APPLIANCE, SessionTimers.asUas(90, true, "uas"));
        assertEquals(Refresher.APPLIANCE, SessionTimers.asUas(90, false, null));
        // without timer support the UAC cannot refresh, whatever a proxy wrote (RFC 4028 section 9)
        assertEquals(Refresher.APPLIANCE, SessionTimers.asUas(90, false, "uac"));
        assertEquals(Refresher.PEER, SessionTimers.asUas(90, true, "uac"));
        assertEquals(Refresher.PEER, SessionTimers.asUas(90, true, null));
        assertEquals(Refresher.NONE, SessionTimers.asUas(-1, true, "uas"));
    }

    @Test
    public void theTwoHundredToOurInviteNamesTheRefresher() {
        assertEquals(Refresher.APPLIANCE, SessionTimers.asUac(1800, "uac"));
        assertEquals(Refresher.PEER, SessionTimers.asUac(1800, "uas"));
        assertEquals(Refresher.APPLIANCE, SessionTimers.asUac(1800, null));
        assertEquals(Refresher.NONE, SessionTimers.asUac(-1, null));
    }

    @Test
    public void anAnswerToOurRefreshReschedulesRaisesEndsTheLegOrRetries() {
        assertEquals(RefreshOutcome.REFRESHED, SessionTimers.outcome(200, Request.UPDATE));
        assertEquals(RefreshOutcome.RAISE_INTERVAL, SessionTimers.outcome(422, Request.UPDATE));
        assertEquals(RefreshOutcome.LEG_GONE, SessionTimers.outcome(481, Request.UPDATE));
        assertEquals(RefreshOutcome.LEG_GONE, SessionTimers.outcome(408, Request.INVITE));
        assertEquals(RefreshOutcome.USE_REINVITE, SessionTimers.outcome(405, Request.UPDATE));
        assertEquals(RefreshOutcome.USE_REINVITE, SessionTimers.outcome(501, Request.UPDATE));
        assertEquals(RefreshOutcome.RETRY_LATER, SessionTimers.outcome(405, Request.INVITE));
        assertEquals(RefreshOutcome.RETRY_SOON, SessionTimers.outcome(491, Request.INVITE));
        assertEquals(RefreshOutcome.RETRY_LATER, SessionTimers.outcome(500, Request.UPDATE));
    }

    @Test
    public void theRefresherRefreshesAtHalfTheIntervalTheWatcherGivesUpAThirdAtMost32SecondsBefore() {
        assertEquals(45_000, SessionTimers.refreshDelayMillis(90));
        assertEquals(60_000, SessionTimers.expiryDelayMillis(90));
        assertEquals(1_768_000, SessionTimers.expiryDelayMillis(1800));
        assertEquals(3_000, SessionTimers.refreshDelayMillis(6));
    }

    // ---------------------------------------------------------------- as UAS

    @Test
    public void anInviteAskingRefresherUasGetsItConfirmedWithRequireAndTheApplianceRefreshes() throws Exception {
        Request invite = invite("Supported: timer\r\nSession-Expires: 120;refresher=uas\r\nAllow: INVITE, ACK, BYE, UPDATE\r\n");
        Leg leg = leg();
        Response ok = messages.createResponse(200, invite);
        sessionTimers.confirm(leg, invite, ok);
        assertEquals("120;refresher=uas", value(ok, "Session-Expires"));
        assertEquals("timer", value(ok, "Require"));
        assertTrue(leg.weRefresh);
        assertTrue(leg.peerAllowsUpdate);
        assertEquals(120, leg.sessionSeconds);
        assertNotNull(leg.sessionTimer);
        long due = leg.sessionTimer.getDelay(TimeUnit.MILLISECONDS);
        assertTrue("refresh due in " + due + " ms", due > 55_000 && due <= 60_000);
    }

    @Test
    public void anInviteWithSessionExpiresButNoTimerSupportGetsRefresherUasWithoutRequire() throws Exception {
        Request invite = invite("Session-Expires: 120;refresher=uac\r\n");
        Leg leg = leg();
        Response ok = messages.createResponse(200, invite);
        sessionTimers.confirm(leg, invite, ok);
        assertEquals("120;refresher=uas", value(ok, "Session-Expires"));
        assertNull(ok.getHeader("Require"));
        assertTrue(leg.weRefresh);
        // no Allow: the peer may not know UPDATE, our refreshes will be re-INVITEs
        assertFalse(leg.peerAllowsUpdate);
    }

    @Test
    public void aUacThatRefreshesItselfIsConfirmedAndWatched() throws Exception {
        Request invite = invite("Supported: timer\r\nSession-Expires: 120\r\n");
        Leg leg = leg();
        Response ok = messages.createResponse(200, invite);
        sessionTimers.confirm(leg, invite, ok);
        assertEquals("120;refresher=uac", value(ok, "Session-Expires"));
        assertEquals("timer", value(ok, "Require"));
        assertFalse(leg.weRefresh);
        long due = leg.sessionTimer.getDelay(TimeUnit.MILLISECONDS);
        assertTrue("expiry watched in " + due + " ms", due > 85_000 && due <= 88_000);
    }

    @Test
    public void anInviteWithoutSessionExpiresGetsNoSessionTimer() throws Exception {
        Request invite = invite("Supported: timer\r\n");
        Leg leg = leg();
        Response ok = messages.createResponse(200, invite);
        sessionTimers.confirm(leg, invite, ok);
        assertNull(ok.getHeader("Session-Expires"));
        assertNull(leg.sessionTimer);
    }

    // ---------------------------------------------------------------- as UAC

    @Test
    public void ourInviteOffersThirtyMinutesWithUsAsRefresherAndAFourTwentyTwoRaisesIt() throws Exception {
        Request invite = invite("");
        sessionTimers.offer(invite);
        assertEquals("timer", value(invite, "Supported"));
        assertEquals("1800;refresher=uac", value(invite, "Session-Expires"));
        assertEquals("90", value(invite, "Min-SE"));

        Response tooSmall = messages.createResponse(422, invite);
        tooSmall.addHeader(headers.createHeader("Min-SE", "3600"));
        assertTrue(sessionTimers.raise(invite, tooSmall));
        assertEquals("3600;refresher=uac", value(invite, "Session-Expires"));
        // a 422 asking for no more than we offered cannot be helped
        assertFalse(sessionTimers.raise(invite, tooSmall));
    }

    @Test
    public void theCalleesTwoHundredDecidesWhoRefreshes() throws Exception {
        Request invite = invite("");
        Leg ours = leg();
        Response weRefresh = messages.createResponse(200, invite);
        weRefresh.addHeader(headers.createHeader("Session-Expires", "600;refresher=uac"));
        for (String method : List.of("INVITE", "ACK", "BYE", "UPDATE")) {
            weRefresh.addHeader(headers.createAllowHeader(method));
        }
        sessionTimers.answered(ours, weRefresh);
        assertTrue(ours.weRefresh);
        assertTrue(ours.peerAllowsUpdate);
        assertEquals(600, ours.sessionSeconds);

        Leg theirs = leg();
        Response theyRefresh = messages.createResponse(200, invite);
        theyRefresh.addHeader(headers.createHeader("Session-Expires", "600;refresher=uas"));
        sessionTimers.answered(theirs, theyRefresh);
        assertFalse(theirs.weRefresh);
        assertNotNull(theirs.sessionTimer);

        Leg none = leg();
        sessionTimers.answered(none, messages.createResponse(200, invite));
        assertNull(none.sessionTimer);
        assertEquals(0, none.sessionSeconds);
    }

    @Test
    public void sessionExpiresAndItsRefresherAreReadInEitherCase() throws Exception {
        Request invite = invite("Session-Expires: 300 ; Refresher=UAS\r\nMin-SE: 120\r\n");
        assertEquals(300, SessionTimers.sessionExpires(invite));
        assertEquals("uas", SessionTimers.refresherParam(invite));
        assertEquals(120, SessionTimers.minSe(invite));
        Request plain = invite("");
        assertEquals(-1, SessionTimers.sessionExpires(plain));
        assertNull(SessionTimers.refresherParam(plain));
        assertEquals(-1, SessionTimers.minSe(plain));
    }

    private static Leg leg() {
        Call call = new Call("c1", 1, "inbound", "telephone", "0211", "0212", null);
        Leg leg = new Leg(call.nextLegId(), call, true, "trunk", "0211", "127.0.0.2:5060");
        call.legs.add(leg);
        return leg;
    }

    private static Request invite(String extra) throws Exception {
        return messages.createRequest("INVITE sip:02112345678@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:0211@127.0.0.2>;tag=a\r\n"
                + "To: <sip:02112345678@127.0.0.1>\r\n"
                + "Call-ID: st-1@127.0.0.2\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n");
    }

    private static String value(javax.sip.message.Message m, String name) {
        String text = m.getHeader(name).toString();
        return text.substring(text.indexOf(':') + 1).strip();
    }
}
