package io.parley.sip.edge;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.header.Warning;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import io.parley.sip.SipConfig;
import io.parley.sip.SipSignalling;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.ListIterator;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing every request meets, before the stack creates a transaction for it: requests
 * of blocked (or throttled) sources are dropped unanswered, and requests over the message
 * limits are answered statelessly — 513 Message Too Large over {@code maxMessageSize}, 400
 * for more than {@code maxHeaders} header fields or a field longer than {@code maxHeaderLength}.
 * Installed into the stack's valve list by {@link SipSignalling} (JAIN-SIP's SIP_MESSAGE_VALVE
 * hook, which would otherwise construct a valve by class name with no way to hand it its
 * collaborators).
 */
public final class EdgeGate implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeGate.class);

    /** The message limits, from {@link SipConfig}. */
    public record Limits(int maxMessageSize, int maxHeaders, int maxHeaderLength) {

        public static Limits defaults(int maxMessageSize) {
            return new Limits(maxMessageSize, 64, 4096);
        }
    }

    private final SipSecurity security;
    private final Limits limits;

    public EdgeGate(SipSecurity security, Limits limits) {
        this.security = security;
        this.limits = limits;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        String ip = channel.getPeerAddress();
        if (!security.admits(ip)) {
            return false;
        }
        int status = 0;
        String reason = null;
        if (request.getSize() > limits.maxMessageSize()) {
            status = Response.MESSAGE_TOO_LARGE;
            reason = "too_large";
        } else {
            int headers = 0;
            Iterator<SIPHeader> it = request.getHeaders();
            while (it.hasNext()) {
                SIPHeader h = it.next();
                headers += h instanceof SIPHeaderList<?> list ? list.size() : 1;
            }
            ListIterator<String> unknown = request.getUnrecognizedHeaders();
            boolean longUnknown = false;
            while (unknown.hasNext()) {
                headers++;
                longUnknown |= unknown.next().length() > limits.maxHeaderLength();
            }
            if (headers > limits.maxHeaders()) {
                status = Response.BAD_REQUEST;
                reason = "too_many_headers";
            } else if (longUnknown || (request.getSize() > limits.maxHeaderLength() && longHeader(request))) {
                // a field can only be that long in a message that long: most messages skip the encoding
                status = Response.BAD_REQUEST;
                reason = "header_too_long";
            }
        }
        if (status == 0) {
            return true;
        }
        security.malformed(ip, reason, request.getMethod() + " of " + request.getSize() + " bytes");
        if (!Request.ACK.equals(request.getMethod())) {
            respond(request, channel, status, reason);
        }
        return false;
    }

    private boolean longHeader(SIPRequest request) {
        Iterator<SIPHeader> it = request.getHeaders();
        while (it.hasNext()) {
            SIPHeader h = it.next();
            if (h instanceof SIPHeaderList<?> list) {
                for (Object one : list) {
                    if (((SIPHeader) one).encode().length() > limits.maxHeaderLength()) {
                        return true;
                    }
                }
            } else if (h.encode().length() > limits.maxHeaderLength()) {
                return true;
            }
        }
        return false;
    }

    private static void respond(SIPRequest request, MessageChannel channel, int status, String reason) {
        try {
            // the standard reason phrase; what was wrong, as a fixed text in a Warning (never the request's bytes)
            SIPResponse r = ResponseTags.tag(request.createResponse(status));
            if (status == Response.BAD_REQUEST) {
                Warning w = new Warning();
                w.setCode(399);
                InetAddress local = channel.getMessageProcessor().getIpAddress();
                w.setAgent(local == null || local.isAnyLocalAddress() ? "sip" : local.getHostAddress());
                w.setText("too_many_headers".equals(reason) ? "Too many header fields" : "Header field too long");
                r.setHeader(w);
            }
            channel.sendMessage(r);
        } catch (Exception | LinkageError e) {
            // a request missing what a response copies (Via, Call-ID…) cannot be answered
            LOG.debug("could not answer {} to {}: {}", status, channel.getPeerAddress(), e.toString());
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {
    }

    @Override
    public void destroy() {
    }
}
