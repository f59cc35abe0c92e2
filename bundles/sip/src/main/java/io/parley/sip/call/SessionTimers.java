package io.parley.sip.call;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session timers (RFC 4028) on every leg, with either side as refresher.
 *
 * <p>The peer refreshes when it supports timers and does not ask us to ({@code refresher=uac}
 * in its request, or {@code refresher=uas} in its 2xx to our INVITE): if no refresh arrives in
 * time the session has expired and the call ends, a little before the session would: one third
 * of the interval, at most 32 s, before (RFC 4028 §10).
 *
 * <p>The appliance refreshes when the peer's INVITE asks {@code refresher=uas}, or carries a
 * Session-Expires without {@code Supported: timer} (a proxy added it; the UAS must refresh
 * then, RFC 4028 §9), or the 2xx to our INVITE says {@code refresher=uac}: at half the interval
 * it sends an UPDATE without SDP when the peer allows UPDATE, else a re-INVITE with the leg's
 * current SDP. A 2xx reschedules, a 422 raises the interval to the peer's Min-SE and retries, a
 * 481, 408 or timeout means the peer has lost the dialog: the leg is hung up as if it had sent
 * a BYE. Intervals below {@code callMinSessionExpiresSeconds} get 422 with our Min-SE.
 */
final class SessionTimers {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);
    /** The session interval our INVITEs ask for (RFC 4028 §4 recommends 30 minutes). */
    static final int OFFERED_SECONDS = 1800;

    /** Who refreshes a leg's session. */
    enum Refresher { NONE, APPLIANCE, PEER }

    /** What an answer to our refresh means. */
    enum RefreshOutcome {
        /** 2xx: the session goes on, the next refresh is scheduled. */
        REFRESHED,
        /** 422: retry at once with the peer's Min-SE. */
        RAISE_INTERVAL,
        /** 481, 408, transaction timeout: the peer has lost the dialog (RFC 4028 §10). */
        LEG_GONE,
        /** 405/501 to an UPDATE: retry at once with a re-INVITE. */
        USE_REINVITE,
        /** 491 (or our dialog was busy): retry in a moment. */
        RETRY_SOON,
        /** Anything else: the session is not refreshed; retry later while it has not expired. */
        RETRY_LATER
    }

    /** What a session's end means to the call; called under the call's lock. */
    interface Endings {
        /** The peer did not refresh in time: the session has expired. */
        void expired(Leg leg);

        /** The peer has lost the dialog (our refresh got 481/408 or timed out). */
        void lost(Leg leg);
    }

    private final LegMessages sip;
    private final CallSettings settings;
    private final ScheduledExecutorService timers;
    private final CallPorts.OutcomeRouting routing;
    private final Endings endings;

    SessionTimers(LegMessages sip, CallSettings settings, ScheduledExecutorService timers,
                  CallPorts.OutcomeRouting routing, Endings endings) {
        this.sip = sip;
        this.settings = settings;
        this.timers = timers;
        this.routing = routing;
        this.endings = endings;
    }

    // ---------------------------------------------------------------- decisions (RFC 4028 §7, §9)

    /** As UAS: who refreshes the session a request asks for ({@code seconds} < 0: none asked). */
    static Refresher asUas(int seconds, boolean peerSupportsTimer, String refresher) {
        if (seconds < 0) {
            return Refresher.NONE;
        }
        if (!peerSupportsTimer || "uas".equals(refresher)) {
            // a UAC without timer support cannot refresh: the UAS must (RFC 4028 §9)
            return Refresher.APPLIANCE;
        }
        return Refresher.PEER;
    }

    /** As UAC: who refreshes, from the 2xx to our INVITE or refresh ({@code seconds} < 0: no session timer). */
    static Refresher asUac(int seconds, String refresher) {
        if (seconds < 0) {
            return Refresher.NONE;
        }
        // the UAS must name the refresher; without it we refresh rather than let the session lapse
        return "uas".equals(refresher) ? Refresher.PEER : Refresher.APPLIANCE;
    }

    /** What the final answer (or a timeout, 408) to our refresh {@code method} means. */
    static RefreshOutcome outcome(int status, String method) {
        if (status / 100 == 2) {
            return RefreshOutcome.REFRESHED;
        }
        return switch (status) {
            case 422 -> RefreshOutcome.RAISE_INTERVAL;
            case Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, Response.REQUEST_TIMEOUT -> RefreshOutcome.LEG_GONE;
            case Response.METHOD_NOT_ALLOWED, Response.NOT_IMPLEMENTED ->
                    Request.UPDATE.equals(method) ? RefreshOutcome.USE_REINVITE : RefreshOutcome.RETRY_LATER;
            case 491 -> RefreshOutcome.RETRY_SOON;
            default -> RefreshOutcome.RETRY_LATER;
        };
    }

    /** When the refresher refreshes: at half the interval (RFC 4028 §10). */
    static long refreshDelayMillis(int seconds) {
        return seconds * 1000L / 2;
    }

    /** When a watched session counts as expired: a third of the interval, at most 32 s, before its end. */
    static long expiryDelayMillis(int seconds) {
        return seconds * 1000L - Math.min(32_000L, seconds * 1000L / 3);
    }

    // ---------------------------------------------------------------- as UAS

    /**
     * Adds the session timer a dialog-forming or refreshing {@code request} of the peer asked for
     * to our 2xx {@code ok} and (re)arms the leg's timer. Under the call's lock.
     */
    void confirm(Leg leg, Request request, Response ok) throws Exception {
        if (request.getHeader("Allow") != null) {
            leg.peerAllowsUpdate = allows(request, Request.UPDATE);
        }
        int seconds = sessionExpires(request);
        boolean supports = hasOption(request, "Supported", "timer");
        Refresher who = asUas(seconds, supports, refresherParam(request));
        if (who == Refresher.NONE) {
            return;
        }
        ok.addHeader(sip.headers.createHeader("Session-Expires",
                seconds + ";refresher=" + (who == Refresher.APPLIANCE ? "uas" : "uac")));
        if (supports) {
            ok.addHeader(sip.headers.createRequireHeader("timer"));
        }
        start(leg, seconds, who);
    }

    // ---------------------------------------------------------------- as UAC

    /** Our INVITE offers a session timer with us as refresher; the callee's 2xx decides (RFC 4028 §7.1). */
    void offer(Request invite) throws Exception {
        int seconds = Math.max(OFFERED_SECONDS, settings.minSessionExpiresSeconds());
        invite.addHeader(sip.headers.createSupportedHeader("timer"));
        invite.addHeader(sip.headers.createHeader("Session-Expires", seconds + ";refresher=uac"));
        invite.addHeader(sip.headers.createHeader("Min-SE", Integer.toString(settings.minSessionExpiresSeconds())));
    }

    /**
     * A 422 to our INVITE: sets the Session-Expires of {@code again} (a copy to resend) to the
     * callee's Min-SE. False when the 422 gives none above what we asked.
     */
    boolean raise(Request again, Response tooSmall) throws Exception {
        int min = minSe(tooSmall);
        if (min <= 0 || min <= sessionExpires(again)) {
            return false;
        }
        again.removeHeader("Session-Expires");
        again.addHeader(sip.headers.createHeader("Session-Expires", min + ";refresher=uac"));
        return true;
    }

    /** The 2xx to our INVITE on an outbound leg: the session timer it names, if any. Under the call's lock. */
    void answered(Leg leg, Response ok) {
        if (ok.getHeader("Allow") != null) {
            leg.peerAllowsUpdate = allows(ok, Request.UPDATE);
        }
        int seconds = sessionExpires(ok);
        Refresher who = asUac(seconds, refresherParam(ok));
        if (who != Refresher.NONE) {
            start(leg, seconds, who);
        }
    }

    // ---------------------------------------------------------------- timers and refreshes

    private void start(Leg leg, int seconds, Refresher who) {
        if (leg.sessionTimer != null) {
            leg.sessionTimer.cancel(false);
        }
        leg.sessionSeconds = seconds;
        leg.weRefresh = who == Refresher.APPLIANCE;
        leg.refreshedAt = System.nanoTime();
        if (leg.weRefresh) {
            LOG.info("call {}: leg {} session of {} s, refreshed by the appliance ({})", leg.call.id, leg.id, seconds,
                    leg.peerAllowsUpdate ? "UPDATE" : "re-INVITE");
            schedule(leg, refreshDelayMillis(seconds));
        } else {
            leg.sessionTimer = timers.schedule(() -> {
                synchronized (leg.call) {
                    if (!leg.ended()) {
                        LOG.info("call {}: leg {} not refreshed within its {} s session interval", leg.call.id, leg.id,
                                seconds);
                        endings.expired(leg);
                    }
                }
            }, expiryDelayMillis(seconds), TimeUnit.MILLISECONDS);
        }
    }

    private void schedule(Leg leg, long millis) {
        if (leg.sessionTimer != null) {
            leg.sessionTimer.cancel(false);
        }
        leg.sessionTimer = timers.schedule(() -> {
            synchronized (leg.call) {
                refresh(leg);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Sends our refresh: UPDATE without SDP, or a re-INVITE with our current SDP. Under the call's lock. */
    private void refresh(Leg leg) {
        if (leg.ended() || !leg.answered() || !leg.weRefresh || leg.refreshing || leg.dialog == null) {
            return;
        }
        if (System.nanoTime() - leg.refreshedAt >= leg.sessionSeconds * 1_000_000_000L) {
            LOG.info("call {}: leg {} session of {} s not refreshed in time", leg.call.id, leg.id, leg.sessionSeconds);
            endings.expired(leg);
            return;
        }
        String method = leg.peerAllowsUpdate || leg.localSdp == null ? Request.UPDATE : Request.INVITE;
        Dialog dialog = leg.dialog;
        try {
            Request request = dialog.createRequest(method);
            request.addHeader(sip.headers.createHeader("Session-Expires", leg.sessionSeconds + ";refresher=uac"));
            request.addHeader(sip.headers.createSupportedHeader("timer"));
            request.addHeader(sip.headers.createHeader("Min-SE",
                    Integer.toString(Math.min(leg.sessionSeconds, settings.minSessionExpiresSeconds()))));
            request.addHeader(sip.contact(LegMessages.hostOf(leg.address)));
            if (Request.INVITE.equals(method)) {
                // the same SDP as before (same session version): a refresh, not a new offer (RFC 4028 §7.4)
                request.setContent(leg.localSdp, sip.sdpType());
            }
            ClientTransaction ct = sip.provider.getNewClientTransaction(request);
            ct.setApplicationData(routing.applicationData(new CallPorts.TransactionOutcome() {
                @Override
                public void response(ResponseEvent event) {
                    synchronized (leg.call) {
                        refreshAnswered(leg, method, event);
                    }
                }

                @Override
                public void timeout(TimeoutEvent event) {
                    synchronized (leg.call) {
                        refreshDone(leg, method, Response.REQUEST_TIMEOUT, null);
                    }
                }
            }));
            leg.refreshing = true;
            dialog.sendRequest(ct);
            LOG.debug("call {}: leg {} session refresh sent ({})", leg.call.id, leg.id, method);
        } catch (Exception e) {
            // e.g. an INVITE transaction of the peer's is still open in the dialog
            leg.refreshing = false;
            LOG.info("call {}: leg {} session refresh not sent now ({}), retrying", leg.call.id, leg.id, e.toString());
            schedule(leg, retrySoonMillis(leg));
        }
    }

    private void refreshAnswered(Leg leg, String method, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status / 100 == 2 && Request.INVITE.equals(method)) {
            ack(leg, event);
        }
        refreshDone(leg, method, status, response);
    }

    /** The final outcome of our refresh (a 2xx too). Under the call's lock. */
    private void refreshDone(Leg leg, String method, int status, Response response) {
        leg.refreshing = false;
        if (leg.ended()) {
            return;
        }
        RefreshOutcome outcome = outcome(status, method);
        switch (outcome) {
            case REFRESHED -> {
                int seconds = sessionExpires(response);
                Refresher who = asUac(seconds, refresherParam(response));
                // a peer without timer support answers without Session-Expires: we go on refreshing, as we must
                start(leg, who == Refresher.NONE ? leg.sessionSeconds : seconds,
                        who == Refresher.NONE ? Refresher.APPLIANCE : who);
            }
            case RAISE_INTERVAL -> {
                int min = minSe(response);
                leg.sessionSeconds = Math.max(leg.sessionSeconds + 1, min);
                LOG.info("call {}: leg {} refresh got 422, session interval raised to {} s", leg.call.id, leg.id,
                        leg.sessionSeconds);
                refresh(leg);
            }
            case LEG_GONE -> {
                LOG.info("call {}: leg {} session refresh answered {}: the peer lost the dialog", leg.call.id, leg.id,
                        status);
                endings.lost(leg);
            }
            case USE_REINVITE -> {
                leg.peerAllowsUpdate = false;
                refresh(leg);
            }
            case RETRY_SOON -> schedule(leg, retrySoonMillis(leg));
            case RETRY_LATER -> {
                LOG.info("call {}: leg {} session refresh answered {}, retrying", leg.call.id, leg.id, status);
                schedule(leg, Math.max(1000L, leg.sessionSeconds * 1000L / 4));
            }
            default -> throw new IllegalStateException(outcome.toString());
        }
    }

    private static long retrySoonMillis(Leg leg) {
        return Math.max(200L, Math.min(2000L, leg.sessionSeconds * 1000L / 8));
    }

    /** ACK of the 2xx to our refreshing re-INVITE; an SDP answer in it is applied (it should be the same). */
    private void ack(Leg leg, ResponseEvent event) {
        Response response = event.getResponse();
        Dialog dialog = event.getDialog() != null ? event.getDialog() : leg.dialog;
        try {
            long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(seq));
        } catch (Exception e) {
            LOG.warn("call {}: leg {} ACK of the refresh failed: {}", leg.call.id, leg.id, e.toString());
        }
        byte[] body = response.getRawContent();
        if (body != null && body.length > 0 && leg.endpoint != null) {
            try {
                leg.endpoint.applyAnswer(new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.info("call {}: leg {} refresh answer SDP unusable: {}", leg.call.id, leg.id, e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- headers

    /** The Session-Expires delta-seconds of {@code message}, or -1 when it has none (or an unreadable one). */
    static int sessionExpires(Message message) {
        String value = headerValue(message, "Session-Expires", "x");
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.split(";")[0].strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The refresher parameter of the Session-Expires of {@code message} ({@code uac}/{@code uas}), or null. */
    static String refresherParam(Message message) {
        String value = headerValue(message, "Session-Expires", "x");
        if (value == null) {
            return null;
        }
        for (String param : value.split(";")) {
            String p = param.replace(" ", "").toLowerCase(Locale.ROOT);
            if (p.startsWith("refresher=")) {
                return p.substring("refresher=".length());
            }
        }
        return null;
    }

    /** The Min-SE delta-seconds of {@code message}, or -1. */
    static int minSe(Message message) {
        String value = message == null ? null : headerValue(message, "Min-SE", null);
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.split(";")[0].strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String headerValue(Message message, String name, String compact) {
        if (message == null) {
            return null;
        }
        Header h = message.getHeader(name);
        if (h == null && compact != null) {
            h = message.getHeader(compact);   // RFC 4028 compact form
        }
        if (h == null) {
            return null;
        }
        String text = h.toString();
        return text.substring(text.indexOf(':') + 1).strip();
    }

    /** Whether a header (every instance, comma lists) of {@code message} names {@code option}. */
    private static boolean hasOption(Message message, String name, String option) {
        var it = message.getHeaders(name);
        while (it.hasNext()) {
            String text = it.next().toString();
            for (String token : text.substring(text.indexOf(':') + 1).split(",")) {
                if (token.strip().equalsIgnoreCase(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allows(Message message, String method) {
        return hasOption(message, "Allow", method);
    }

    /** Whether {@code request} asks for a session interval below our Min-SE. */
    boolean tooSmall(Request request) {
        int asked = sessionExpires(request);
        return asked >= 0 && asked < settings.minSessionExpiresSeconds();
    }

    /** 422 with our Min-SE (RFC 4028 §6) when {@code request} asks for a shorter session interval; true if sent. */
    boolean refuseTooSmall(ServerTransaction tx, Request request) throws Exception {
        if (!tooSmall(request)) {
            return false;
        }
        LOG.info("INVITE from {}: 422, Session-Expires {} below Min-SE {}", LegMessages.sourceIp(request),
                sessionExpires(request), settings.minSessionExpiresSeconds());
        tx.sendResponse(intervalTooSmall(request));
        return true;
    }

    /** The 422 answer to {@code request}. */
    Response intervalTooSmall(Request request) throws Exception {
        Response r = sip.messages.createResponse(422, request);
        r.setReasonPhrase("Session Interval Too Small");
        r.addHeader(sip.headers.createHeader("Min-SE", Integer.toString(settings.minSessionExpiresSeconds())));
        return r;
    }
}
