package io.parley.sip.call;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP messages of call legs: responses on an incoming leg's INVITE transaction, requests in
 * a leg's dialog, CANCEL of a fork, our Contact and the addresses a message came from. Holds the
 * JAIN-SIP factories and the provider every call handler sends through; keeps no call state.
 */
final class LegMessages {

    private static final Logger LOG = LoggerFactory.getLogger(LegMessages.class);
    private static final String SDP = "sdp";

    final SipProvider provider;
    final MessageFactory messages;
    final HeaderFactory headers;
    final AddressFactory addresses;
    private final String bindAddress;
    private final SecureRandom random = new SecureRandom();

    LegMessages(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                String bindAddress) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.bindAddress = bindAddress;
    }

    /** The request's server transaction, or null for a retransmission the stack answers itself. */
    ServerTransaction serverTransaction(RequestEvent event) throws Exception {
        ServerTransaction tx = event.getServerTransaction();
        if (tx != null) {
            return tx;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            return null;   // a retransmission the stack answers
        }
    }

    /** A response without body to {@code request}. */
    Response create(int status, Request request) throws java.text.ParseException {
        return messages.createResponse(status, request);
    }

    /** A response on an incoming leg's INVITE, with the leg's To tag (and our Contact below 300). */
    Response response(Leg leg, int status) {
        try {
            Response r = messages.createResponse(status, leg.invite);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(leg.localTag);
            if (status < 300) {
                r.addHeader(contact(sourceIp(leg.invite)));
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void respond(Leg leg, int status) {
        try {
            leg.inviteTx.sendResponse(response(leg, status));
        } catch (Exception e) {
            LOG.debug("call {}: {} to leg {} failed: {}", leg.call.id, status, leg.id, e.toString());
        }
    }

    /** A fork no longer wanted: CANCEL once it is provisional (RFC 3261 §9.1), else when its first 1xx comes. */
    void cancelFork(Leg leg, Fork fork) {
        if (fork.done() || fork.cancelRequested) {
            return;
        }
        fork.cancelRequested = true;
        if (fork.provisional) {
            sendCancel(leg, fork);
        }
    }

    void sendCancel(Leg leg, Fork fork) {
        if (fork.cancelSent) {
            return;
        }
        fork.cancelSent = true;
        try {
            Request cancel = fork.inviteCt.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            LOG.debug("call {}: CANCEL of leg {} to {} failed: {}", leg.call.id, leg.id, fork.address, e.toString());
        }
    }

    /** Sends a request of {@code method} in {@code dialog} (a BYE mostly); failures are logged only. */
    void send(Dialog dialog, String method) {
        if (dialog == null) {
            return;
        }
        try {
            Request r = dialog.createRequest(method);
            // the stack takes the listening point's address for Via: 0.0.0.0 when bound to all addresses
            ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
            if (via != null && r.getRequestURI() instanceof SipURI target
                    && ("0.0.0.0".equals(via.getHost()) || "::".equals(via.getHost()))) {
                via.setHost(localIpFor(target.getHost()));
            }
            ClientTransaction ct = provider.getNewClientTransaction(r);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            LOG.debug("{} in dialog {} failed: {}", method, dialog.getDialogId(), e.toString());
        }
    }

    ContactHeader contact(String peerIp) throws Exception {
        String local = localIpFor(peerIp);
        SipURI uri = addresses.createSipURI("parley", local);
        uri.setPort(localPort("udp"));
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    ContentTypeHeader sdpType() throws java.text.ParseException {
        return headers.createContentTypeHeader("application", SDP);
    }

    int localPort(String transport) {
        var lp = provider.getListeningPoint(transport);
        if (lp == null) {
            lp = provider.getListeningPoints()[0];
        }
        return lp.getPort();
    }

    /** The local address packets to {@code peer} leave from: the bind address, or what routing picks. */
    String localIpFor(String peer) {
        if (bindAddress != null && !bindAddress.isBlank() && !"0.0.0.0".equals(bindAddress) && !"::".equals(bindAddress)) {
            return bindAddress;
        }
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(peer), 5060));
            InetAddress a = s.getLocalAddress();
            return a == null || a.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : a.getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }

    /** A fresh From/To tag. */
    String tag() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String calledUser(Request request) {
        String user = userOf(request.getRequestURI());
        return user != null ? user : userOf(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
    }

    static String userOf(URI uri) {
        if (uri instanceof SipURI s) {
            return s.getUser();
        }
        if (uri != null && "tel".equalsIgnoreCase(uri.getScheme())) {
            return ((javax.sip.address.TelURL) uri).getPhoneNumber();
        }
        return null;
    }

    static String sourceIp(Request request) {
        InetAddress a = ((SIPMessage) request).getRemoteAddress();
        return a == null ? "unknown" : a.getHostAddress();
    }

    static int sourcePort(Request request) {
        return ((SIPMessage) request).getRemotePort();
    }

    static String transport(Request request) {
        return ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
    }

    static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
