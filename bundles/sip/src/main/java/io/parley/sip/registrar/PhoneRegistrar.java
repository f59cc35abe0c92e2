package io.parley.sip.registrar;

import gov.nist.javax.sip.message.SIPMessage;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.SipConfig;
import io.parley.sip.auth.DigestAuthentication;
import io.parley.sip.auth.DigestCredentials;
import io.parley.sip.auth.Nonces;
import io.parley.sip.edge.SecurityMonitor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER for SIP phones (SPEC §12, RFC 3261 §10) and for the gateways of
 * {@code appliance_account} channels (§1.2, §1.5): a request without credentials gets a 401
 * digest challenge with a fresh single-use nonce; a request whose digest matches the stored
 * HA1 updates the phone's (or gateway's) contacts. An unknown user and a wrong password both
 * get the same 403, so the registrar does not reveal which extensions exist; each failure is
 * reported to the {@link SecurityMonitor}, which throttles and then blocks a guessing source.
 */
public final class PhoneRegistrar implements RegisterLane.Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(PhoneRegistrar.class);
    /** For a registrar built without a security monitor (unit tests of the registrar alone). */
    private static final SecurityMonitor NO_MONITOR = new SecurityMonitor() {
        @Override
        public boolean blocked(String ip) {
            return false;
        }

        @Override
        public void authenticationFailed(String ip, String user) {
        }

        @Override
        public void authenticated(String ip) {
        }

        @Override
        public void refused(String ip, String method, String reason) {
        }
    };
    /** Registrar limits and realm, from {@link SipConfig} and the telephony SIP domain. */
    public record Settings(String realm, int minExpires, int maxExpires, int defaultExpires, int maxContacts,
                           List<String> algorithms) {
    }

    private final PhoneDirectory directory;
    private final Settings settings;
    private final Nonces nonces;
    private final DigestAuthentication digests;
    private final Bindings bindings;
    private final Clock clock;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final SecurityMonitor security;
    /** appliance_account channels by gateway username (SPEC §1.2). */
    private final Function<String, Optional<SipChannel>> gateways;
    /** Gateway contacts; there an {@link Bindings.Aor}'s instanceId is the channel id, its extension the username. */
    private final Bindings gatewayBindings;

    public PhoneRegistrar(PhoneDirectory directory, Settings settings, Nonces nonces, Bindings bindings, Clock clock,
                          MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
        this(directory, settings, nonces, bindings, clock, messages, headers, addresses, NO_MONITOR, user -> Optional.empty(),
                new Bindings());
    }

    public PhoneRegistrar(PhoneDirectory directory, Settings settings, Nonces nonces, Bindings bindings, Clock clock,
                          MessageFactory messages, HeaderFactory headers, AddressFactory addresses, SecurityMonitor security,
                          Function<String, Optional<SipChannel>> gateways, Bindings gatewayBindings) {
        this.directory = directory;
        this.settings = settings;
        this.nonces = nonces;
        this.digests = new DigestAuthentication(settings.realm(), settings.algorithms(), nonces, messages, headers);
        this.bindings = bindings;
        this.clock = clock;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.security = security;
        this.gateways = gateways;
        this.gatewayBindings = gatewayBindings;
    }

    /** The response to a REGISTER the stack parsed (TCP, TLS, datagrams the lane leaves to the stack). */
    public Response register(Request request) throws ParseException, InvalidArgumentException {
        return response(request, register(read(request)));
    }

    /**
     * Whether {@link #register(RegisterRequest)} answers {@code request} from memory: a challenge always, an
     * answer to one when the phone's lookup is remembered (gateway accounts are kept in memory).
     */
    @Override
    public boolean answersFromMemory(RegisterRequest request) {
        return request.credentials() == null || request.toUser() == null
                || directory.remembers(request.toHost(), request.toUser());
    }

    /** The answer to a REGISTER, from a phone (user = extension) or a gateway (user = its gateway username). */
    @Override
    public RegisterAnswer register(RegisterRequest request) {
        String user = request.toUser();
        if (user == null) {
            return RegisterAnswer.status(Response.NOT_FOUND);
        }
        DigestCredentials auth = request.credentials();
        if (auth == null) {
            return RegisterAnswer.challenge(digests.challenges(false));
        }
        Optional<SipPhone> phone = directory.find(request.toHost(), user);
        Optional<SipChannel> gateway = phone.isPresent() ? Optional.empty()
                : gateways.apply(user).filter(c -> c.gatewayDigest() != null);
        Optional<SipDigest> stored = phone.map(SipPhone::digest).or(() -> gateway.map(SipChannel::gatewayDigest));
        DigestAuthentication.Verdict verdict = digests.check(auth, Request.REGISTER, user, stored);
        if (verdict == DigestAuthentication.Verdict.REFUSED) {
            // logged (rate-limited) by the security monitor, which also throttles and blocks the source
            security.authenticationFailed(request.ip(), user);
            phone.ifPresent(p -> directory.report(p.instanceId(), p.extension(), new PhoneRegistration(p.registration().registrationStatus(),
                    "failed", p.registration().clientAddress(), p.registration().brandModel(), p.registration().status())));
            return RegisterAnswer.status(Response.FORBIDDEN);
        }
        if (verdict == DigestAuthentication.Verdict.STALE) {
            return RegisterAnswer.challenge(digests.challenges(true));
        }
        security.authenticated(request.ip());
        if (phone.isPresent()) {
            SipPhone p = phone.get();
            return bind(request, bindings, new Bindings.Aor(p.instanceId(), p.extension()),
                    current -> directory.report(p.instanceId(), p.extension(), current.isEmpty()
                            ? new PhoneRegistration("not_registered", "ok", null, null, "offline")
                            : new PhoneRegistration("registered", "ok", current.get(0).sourceAddress(),
                            current.get(0).userAgent(), "available")));
        }
        SipChannel g = gateway.get();
        return bind(request, gatewayBindings, new Bindings.Aor(g.id(), g.gatewayDigest().username()),
                current -> LOG.debug("gateway of channel {}: {} contact(s)", g.id(), current.size()));
    }

    private RegisterAnswer bind(RegisterRequest request, Bindings bindings, Bindings.Aor aor,
                                Consumer<List<RegistrationBinding>> report) {
        String source = request.source();
        List<RegisterRequest.ContactField> contacts = request.contacts();
        boolean wildcard = contacts.stream().anyMatch(RegisterRequest.ContactField::wildcard);
        if (wildcard) {
            if (contacts.size() != 1 || request.expires() != 0) {
                return RegisterAnswer.status(Response.BAD_REQUEST);
            }
            bindings.removeAll(aor);
            LOG.info("REGISTER for {} from {}: all contacts removed", aor.extension(), source);
        } else if (!contacts.isEmpty()) {
            int[] asked = new int[contacts.size()];
            int added = 0;
            boolean removes = false;
            for (int i = 0; i < asked.length; i++) {
                RegisterRequest.ContactField c = contacts.get(i);
                int e = c.expires() >= 0 ? c.expires() : request.expires() >= 0 ? request.expires() : settings.defaultExpires();
                if (e != 0 && e < settings.minExpires()) {
                    return RegisterAnswer.intervalTooBrief(settings.minExpires());
                }
                if (e != 0 && !bindings.has(aor, c.uri())) {
                    added++;
                }
                asked[i] = Math.min(e, settings.maxExpires());
                removes |= asked[i] == 0;
            }
            if (bindings.count(aor) + added > settings.maxContacts()) {
                LOG.info("REGISTER for {} from {}: refused, more than {} contacts", aor.extension(), source,
                        settings.maxContacts());
                return RegisterAnswer.status(Response.FORBIDDEN);
            }
            Instant now = clock.instant();
            for (int i = 0; i < asked.length; i++) {
                String contact = contacts.get(i).uri();
                if (asked[i] == 0) {
                    bindings.remove(aor, contact);
                } else {
                    bindings.put(new RegistrationBinding(aor.instanceId(), aor.extension(), contact, source,
                            request.transport(), request.userAgent(), request.callId(), now, now.plusSeconds(asked[i])));
                }
            }
            if (added > 0 || removes) {
                LOG.info("REGISTER for {} from {}: {} contact(s) now", aor.extension(), source, bindings.count(aor));
            } else {
                // a refresh: phones refresh every few minutes, thousands of them; not worth a line each
                LOG.debug("REGISTER for {} from {}: refreshed", aor.extension(), source);
            }
        }
        List<RegistrationBinding> current = bindings.of(aor);
        report.accept(current);
        Instant now = clock.instant();
        List<RegisterAnswer.Grant> grants = new ArrayList<>(current.size());
        for (RegistrationBinding b : current) {
            // rounded up: a binding granted 3600 s a moment ago still reads 3600, not 3599
            grants.add(new RegisterAnswer.Grant(b.contact(),
                    (int) Math.max(0, (Duration.between(now, b.expiresAt()).toMillis() + 999) / 1000)));
        }
        return RegisterAnswer.ok(grants);
    }

    /** A REGISTER the stack parsed, as the registrar reads it. */
    static RegisterRequest read(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        SipURI toUri = to.getAddress().getURI() instanceof SipURI u && u.getUser() != null ? u : null;
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        List<RegisterRequest.ContactField> contacts = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            contacts.add(c.getAddress().isWildcard() ? new RegisterRequest.ContactField(null, c.getExpires(), true)
                    : new RegisterRequest.ContactField(c.getAddress().getURI().toString(), c.getExpires(), false));
        }
        ExpiresHeader expires = request.getExpires();
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        return new RegisterRequest(toUri == null ? null : toUri.getUser(), toUri == null ? null : toUri.getHost(),
                auth == null ? null : DigestCredentials.of(auth), contacts, expires == null ? -1 : expires.getExpires(),
                ua == null ? null : String.join(" ", toStrings(ua.getProduct())),
                ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(), ip(request), source(request));
    }

    /** The answer written as the stack's response to {@code request}. */
    Response response(Request request, RegisterAnswer answer) throws ParseException, InvalidArgumentException {
        Response r = messages.createResponse(answer.status(), request);
        for (RegisterAnswer.Challenge c : answer.challenges()) {
            r.addHeader(DigestAuthentication.header(headers, c, false));
        }
        if (answer.minExpires() > 0) {
            r.addHeader(headers.createMinExpiresHeader(answer.minExpires()));
        }
        if (answer.retryAfter() > 0) {
            r.addHeader(headers.createRetryAfterHeader(answer.retryAfter()));
        }
        if (answer.status() == Response.OK) {
            for (RegisterAnswer.Grant g : answer.contacts()) {
                ContactHeader c = headers.createContactHeader(addresses.createAddress(g.uri()));
                c.setExpires(g.expires());
                r.addHeader(c);
            }
            r.addHeader(headers.createDateHeader(new GregorianCalendar()));
        }
        return r;
    }

    /** Drops expired contacts and reports phones left without any as not registered. */
    public void sweep() {
        for (Bindings.Aor aor : bindings.sweep(clock.instant())) {
            LOG.info("registration of {} expired", aor.extension());
            directory.report(aor.instanceId(), aor.extension(),
                    new PhoneRegistration("not_registered", "ok", null, null, "offline"));
        }
        for (Bindings.Aor aor : gatewayBindings.sweep(clock.instant())) {
            LOG.info("registration of the gateway {} of channel {} expired", aor.extension(), aor.instanceId());
        }
        nonces.sweep();
    }

    private static List<String> toStrings(ListIterator<?> it) {
        List<String> list = new ArrayList<>();
        while (it.hasNext()) {
            list.add(String.valueOf(it.next()).trim());
        }
        return list;
    }

    /** The IP address the request came from. */
    static String ip(Request request) {
        SIPMessage m = (SIPMessage) request;
        return m.getRemoteAddress() == null ? "unknown" : m.getRemoteAddress().getHostAddress();
    }

    /**
     * ip:port where the phone is reached again: the address the request came from (received) and, when the
     * phone asked for rport (RFC 3581, phones behind NAT do), the port it came from, else its Via's port.
     */
    public static String source(Request request) {
        SIPMessage m = (SIPMessage) request;
        if (m.getRemoteAddress() == null) {
            return "unknown";
        }
        int rport = m.getTopmostVia() == null ? -1 : m.getTopmostVia().getRPort();
        return m.getRemoteAddress().getHostAddress() + ":" + (rport > 0 ? rport : m.getRemotePort());
    }
}
