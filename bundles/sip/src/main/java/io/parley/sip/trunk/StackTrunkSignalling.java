package io.parley.sip.trunk;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.trunk.SipHeader;
import io.parley.api.sip.trunk.TrunkAnswer;
import io.parley.api.sip.trunk.TrunkRequest;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.sip.trunk.TrunkTimers;
import io.parley.sip.ClientTransactionHandler;
import io.parley.sip.auth.DigestClient;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * {@link TrunkSignalling} on the bundle's JAIN-SIP stack: a connector's {@link TrunkRequest} becomes a
 * request of the stack's factories sent in its own client transaction (Via for our address as the next
 * hop sees it, Max-Forwards, the configured User-Agent), and its final response or timeout comes back as
 * a {@link TrunkAnswer}; digest answers come from the same {@link DigestClient} the calls use.
 *
 * <pre>{@code
 * TrunkSignalling sip = new StackTrunkSignalling(sipClient, new DigestClient(headers), gatewayBindings::gateways, timers);
 * connector.open(channel, sip).start();
 * }</pre>
 */
public final class StackTrunkSignalling implements TrunkSignalling {

    private final SipClient sip;
    private final DigestClient digest;
    private final LongFunction<List<GatewayBinding>> gateways;
    private final TrunkTimers timers;

    public StackTrunkSignalling(SipClient sip, DigestClient digest, LongFunction<List<GatewayBinding>> gateways,
                                TrunkTimers timers) {
        this.sip = sip;
        this.digest = digest;
        this.gateways = gateways;
        this.timers = timers;
    }

    @Override
    public Sent send(TrunkRequest r) {
        String transport = r.transport() == null ? ListeningPoint.UDP : r.transport().toLowerCase(Locale.ROOT);
        ListeningPoint lp = sip.listeningPoint(transport);
        if (lp == null) {
            throw new IllegalStateException("the appliance does not listen on " + transport);
        }
        Request request;
        try {
            SipURI requestUri = (SipURI) sip.addresses().createURI(r.requestUri());
            String hop = requestUri.getHost();
            Address route = null;
            if (r.route() != null && !r.route().isBlank()) {
                route = sip.addresses().createAddress(sip.addresses().createURI(r.route()));
                if (route.getURI() instanceof SipURI u) {
                    hop = u.getHost();
                }
            }
            request = sip.request(r.method(), requestUri, address(r.from()), r.fromTag(), address(r.to()), r.callId(),
                    r.cseq(), transport, sip.localHost(hop, lp));
            if (route != null) {
                request.addHeader(sip.headers().createRouteHeader(route));
            }
            for (SipHeader h : r.headers()) {
                request.addHeader(sip.headers().createHeader(h.name(), h.value()));
            }
        } catch (ParseException | javax.sip.InvalidArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(r.method() + " to " + r.requestUri() + ": " + e.getMessage(), e);
        }
        CompletableFuture<TrunkAnswer> answer = new CompletableFuture<>();
        ClientTransaction ct;
        try {
            ct = sip.send(request, new ClientTransactionHandler() {
                @Override
                public void response(ResponseEvent event) {
                    Response response = event.getResponse();
                    if (response.getStatusCode() >= 200) {
                        answer.complete(answerOf(response));
                    }
                }

                @Override
                public void timeout(TimeoutEvent event) {
                    answer.complete(TrunkAnswer.timeout());
                }
            });
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("could not send " + r.method() + ": " + e, e);
        }
        return new Sent() {
            @Override
            public CompletionStage<TrunkAnswer> answer() {
                return answer;
            }

            @Override
            public void abandon() {
                ct.setApplicationData(null);
                try {
                    // stops the retransmissions of a request that no longer counts
                    ct.terminate();
                } catch (Exception e) {
                    // already ended
                }
            }
        };
    }

    private Address address(String uri) throws ParseException {
        return sip.addresses().createAddress(sip.addresses().createURI(uri));
    }

    /** A response as text: every header's values by lower-case name, the contacts with their expires. */
    static TrunkAnswer answerOf(Response response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ListIterator<?> names = response.getHeaderNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            List<String> values = new ArrayList<>();
            ListIterator<?> it = response.getHeaders(name);
            while (it.hasNext()) {
                values.add(value((Header) it.next()));
            }
            headers.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
        List<TrunkAnswer.Contact> contacts = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            URI u = c.getAddress().getURI();
            contacts.add(new TrunkAnswer.Contact(u.toString(), c.getExpires()));
        }
        ExpiresHeader e = response.getExpires();
        return new TrunkAnswer(response.getStatusCode(), response.getReasonPhrase(), headers, contacts,
                e == null ? -1 : e.getExpires());
    }

    /** A header's value: its text without the name and colon. */
    static String value(Header h) {
        String s = h.toString();
        return s.substring(s.indexOf(':') + 1).strip();
    }

    @Override
    public Optional<SipHeader> authorization(TrunkAnswer challenge, TrunkRequest retry, String username, String password) {
        boolean proxy = challenge.status() == Response.PROXY_AUTHENTICATION_REQUIRED;
        String name = proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME;
        List<String> values = challenge.headers().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        try {
            List<Header> parsed = new ArrayList<>();
            for (String v : values) {
                parsed.add(sip.headers().createHeader(name, v));
            }
            Iterator<Header> it = parsed.iterator();
            // digested over the Request-URI as the stack writes it
            String uri = sip.addresses().createURI(retry.requestUri()).toString();
            Optional<AuthorizationHeader> answer = digest.answer(it, proxy, retry.method(), uri, username, password);
            return answer.map(h -> new SipHeader(h.getName(), value(h)));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String localHost(String remoteHost, String transport) {
        ListeningPoint lp = sip.listeningPoint(transport == null ? ListeningPoint.UDP : transport.toLowerCase(Locale.ROOT));
        if (lp == null) {
            throw new IllegalStateException("the appliance does not listen on " + transport);
        }
        return sip.localHost(remoteHost, lp);
    }

    @Override
    public int localPort(String transport) {
        ListeningPoint lp = sip.listeningPoint(transport == null ? ListeningPoint.UDP : transport.toLowerCase(Locale.ROOT));
        return lp == null ? 0 : lp.getPort();
    }

    @Override
    public List<GatewayBinding> gatewayBindings(long channelId) {
        List<GatewayBinding> b = gateways.apply(channelId);
        return b == null ? List.of() : b;
    }

    @Override
    public TrunkTimers timers() {
        return timers;
    }
}
