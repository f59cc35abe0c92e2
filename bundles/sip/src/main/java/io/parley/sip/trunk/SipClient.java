package io.parley.sip.trunk;

import io.parley.sip.ClientTransactionHandler;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

/**
 * What {@link StackTrunkSignalling} needs of the bundle's SIP stack to send the trunk connectors'
 * requests (REGISTER to carriers, OPTIONS to peers): the factories, the provider, and our address
 * as a given peer should see it in Via and Contact.
 */
public final class SipClient {

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String contactAddress;
    private final String userAgent;

    /**
     * @param contactAddress host for Via and Contact, or empty to work it out per peer
     * @param userAgent      User-Agent of every request, or empty for none
     */
    public SipClient(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                     String contactAddress, String userAgent) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.contactAddress = contactAddress == null ? "" : contactAddress.strip();
        this.userAgent = userAgent == null ? "" : userAgent.strip();
    }

    HeaderFactory headers() {
        return headers;
    }

    AddressFactory addresses() {
        return addresses;
    }

    /** The listening point for {@code transport}, or null when the appliance does not listen on it. */
    ListeningPoint listeningPoint(String transport) {
        return provider.getListeningPoint(transport);
    }

    /**
     * Our host as {@code remoteHost} reaches us: the configured contact address, else the bind
     * address, else (bound to a wildcard) the local address the system routes towards it.
     */
    String localHost(String remoteHost, ListeningPoint lp) {
        if (!contactAddress.isEmpty()) {
            return contactAddress;
        }
        try {
            InetAddress bound = InetAddress.getByName(lp.getIPAddress());
            if (!bound.isAnyLocalAddress()) {
                return lp.getIPAddress();
            }
            try (DatagramSocket probe = new DatagramSocket()) {
                // connecting a datagram socket sends nothing: it only asks the routing table for the source address
                probe.connect(InetAddress.getByName(remoteHost), 9);
                InetAddress local = probe.getLocalAddress();
                if (local != null && !local.isAnyLocalAddress()) {
                    return local.getHostAddress();
                }
            }
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    SipURI uri(String user, String host, int port, String transport) throws ParseException {
        SipURI u = addresses.createSipURI(user, host);
        if (port > 0) {
            u.setPort(port);
        }
        if (transport != null && !ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            u.setTransportParam(transport);
        }
        return u;
    }

    Address address(SipURI uri) {
        return addresses.createAddress(uri);
    }

    /**
     * A request with the mandatory headers (RFC 3261 §8.1.1), a fresh branch in its Via for
     * {@code transport}, sent from {@code localHost}.
     */
    Request request(String method, SipURI requestUri, Address from, String fromTag, Address to, String callId,
                    long cseq, String transport, String localHost) throws ParseException, InvalidArgumentException {
        ListeningPoint lp = provider.getListeningPoint(transport);
        if (lp == null) {
            throw new IllegalStateException("the appliance does not listen on " + transport);
        }
        ViaHeader via = headers.createViaHeader(localHost, lp.getPort(), transport, null);
        via.setRPort();
        Request request = messages.createRequest(requestUri, method, headers.createCallIdHeader(callId),
                headers.createCSeqHeader(cseq, method), headers.createFromHeader(from, fromTag),
                headers.createToHeader(to, null), List.of(via), headers.createMaxForwardsHeader(70));
        if (!userAgent.isEmpty()) {
            // some carriers refuse a REGISTER without one; only our own requests to configured carriers and peers carry it
            request.addHeader(headers.createUserAgentHeader(List.of(userAgent)));
        }
        return request;
    }

    /** Sends {@code request} in a new client transaction whose responses and timeout go to {@code handler}. */
    ClientTransaction send(Request request, ClientTransactionHandler handler) throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        ct.setApplicationData(handler);
        ct.sendRequest();
        return ct;
    }
}
