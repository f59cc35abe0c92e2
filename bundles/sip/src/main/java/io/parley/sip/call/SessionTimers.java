package io.parley.sip.call;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session timers (RFC 4028) as far as a UAS honours them: the interval the peer asked for is
 * confirmed with it as refresher; if no refresh arrives in time the leg's session has expired
 * (the call ends, a BYE to every leg) a little before the session would: one third of the
 * interval, at most 32 s, before (RFC 4028 §10). Intervals below {@code callMinSessionExpiresSeconds}
 * get 422 with our Min-SE.
 */
final class SessionTimers {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);

    private final LegMessages sip;
    private final CallSettings settings;
    private final ScheduledExecutorService timers;
    private final Consumer<Leg> expired;

    /** {@code expired} is called under the call's lock when a leg's session was not refreshed in time. */
    SessionTimers(LegMessages sip, CallSettings settings, ScheduledExecutorService timers, Consumer<Leg> expired) {
        this.sip = sip;
        this.settings = settings;
        this.timers = timers;
        this.expired = expired;
    }

    /**
     * Adds the session timer a dialog-forming or refreshing {@code request} asked for to our 2xx
     * {@code ok} and (re)arms the leg's expiry. Under the call's lock.
     */
    void confirm(Leg leg, Request request, Response ok) throws Exception {
        int seconds = sessionExpires(request);
        if (seconds < 0) {
            return;
        }
        Header supported = request.getHeader("Supported");
        boolean supports = supported != null && supported.toString().contains("timer");
        Header se = request.getHeader("Session-Expires");
        boolean refreshes = se != null && se.toString().replace(" ", "").toLowerCase(Locale.ROOT)
                .contains("refresher=uac");
        if (!supports && !refreshes) {
            // a peer without timer support (a proxy added the header) will not refresh, and the appliance sends no
            // refreshes: no session timer for this dialog rather than ending a healthy call after the interval
            return;
        }
        ok.addHeader(sip.headers.createHeader("Session-Expires", seconds + ";refresher=uac"));
        if (supports) {
            ok.addHeader(sip.headers.createRequireHeader("timer"));
        }
        if (leg.sessionTimer != null) {
            leg.sessionTimer.cancel(false);
        }
        long millis = seconds * 1000L - Math.min(32_000L, seconds * 1000L / 3);
        leg.sessionTimer = timers.schedule(() -> {
            synchronized (leg.call) {
                if (!leg.ended()) {
                    LOG.info("call {}: leg {} not refreshed within its {} s session interval", leg.call.id, leg.id, seconds);
                    expired.accept(leg);
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** The Session-Expires delta-seconds of {@code request}, or -1 when it has none (or an unreadable one). */
    static int sessionExpires(Request request) {
        Header se = request.getHeader("Session-Expires");
        if (se == null) {
            se = request.getHeader("x");   // RFC 4028 compact form
        }
        if (se == null) {
            return -1;
        }
        String value = se.toString().substring(se.toString().indexOf(':') + 1).strip();
        try {
            return Integer.parseInt(value.split(";")[0].strip());
        } catch (NumberFormatException e) {
            return -1;
        }
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
