package io.parley.sip;

import gov.nist.javax.sip.message.SIPMessage;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
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
final class PhoneRegistrar {

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
    record Settings(String realm, int minExpires, int maxExpires, int defaultExpires, int maxContacts,
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

    PhoneRegistrar(PhoneDirectory directory, Settings settings, Nonces nonces, Bindings bindings, Clock clock,
                   MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
        this(directory, settings, nonces, bindings, clock, messages, headers, addresses, NO_MONITOR, user -> Optional.empty(),
                new Bindings());
    }

    PhoneRegistrar(PhoneDirectory directory, Settings settings, Nonces nonces, Bindings bindings, Clock clock,
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

    /** The response to a REGISTER, from a phone (user = extension) or a gateway (user = its gateway username). */
    Response register(Request request) throws ParseException, InvalidArgumentException {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (!(to.getAddress().getURI() instanceof SipURI toUri) || toUri.getUser() == null) {
            return messages.createResponse(Response.NOT_FOUND, request);
        }
        String user = toUri.getUser();
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (auth == null) {
            return digests.challenge(request, false, false);
        }
        Optional<SipPhone> phone = directory.find(toUri.getHost(), user);
        Optional<SipChannel> gateway = phone.isPresent() ? Optional.empty()
                : gateways.apply(user).filter(c -> c.gatewayDigest() != null);
        Optional<SipDigest> stored = phone.map(SipPhone::digest).or(() -> gateway.map(SipChannel::gatewayDigest));
        DigestAuthentication.Verdict verdict = digests.check(auth, request.getMethod(), user, stored);
        String source = source(request);
        if (verdict == DigestAuthentication.Verdict.REFUSED) {
            // logged (rate-limited) by the security monitor, which also throttles and blocks the source
            security.authenticationFailed(ip(request), user);
            phone.ifPresent(p -> directory.report(p.instanceId(), p.extension(), new PhoneRegistration(p.registration().registrationStatus(),
                    "failed", p.registration().clientAddress(), p.registration().brandModel(), p.registration().status())));
            return messages.createResponse(Response.FORBIDDEN, request);
        }
        if (verdict == DigestAuthentication.Verdict.STALE) {
            return digests.challenge(request, false, true);
        }
        security.authenticated(ip(request));
        if (phone.isPresent()) {
            SipPhone p = phone.get();
            return bind(request, bindings, new Bindings.Aor(p.instanceId(), p.extension()), source,
                    current -> directory.report(p.instanceId(), p.extension(), current.isEmpty()
                            ? new PhoneRegistration("not_registered", "ok", null, null, "offline")
                            : new PhoneRegistration("registered", "ok", current.get(0).sourceAddress(),
                            current.get(0).userAgent(), "available")));
        }
        SipChannel g = gateway.get();
        return bind(request, gatewayBindings, new Bindings.Aor(g.id(), g.gatewayDigest().username()), source,
                current -> LOG.debug("gateway of channel {}: {} contact(s)", g.id(), current.size()));
    }

    private Response bind(Request request, Bindings bindings, Bindings.Aor aor, String source,
                          Consumer<List<RegistrationBinding>> report) throws ParseException, InvalidArgumentException {
        ExpiresHeader expiresHeader = request.getExpires();
        List<ContactHeader> contacts = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            contacts.add((ContactHeader) it.next());
        }
        boolean wildcard = contacts.stream().anyMatch(c -> c.getAddress().isWildcard());
        if (wildcard) {
            if (contacts.size() != 1 || expiresHeader == null || expiresHeader.getExpires() != 0) {
                return messages.createResponse(Response.BAD_REQUEST, request);
            }
            bindings.removeAll(aor);
            LOG.info("REGISTER for {} from {}: all contacts removed", aor.extension(), source);
        } else if (!contacts.isEmpty()) {
            List<Integer> asked = new ArrayList<>();
            int added = 0;
            for (ContactHeader c : contacts) {
                int e = c.getExpires() >= 0 ? c.getExpires()
                        : expiresHeader != null ? expiresHeader.getExpires() : settings.defaultExpires();
                if (e != 0 && e < settings.minExpires()) {
                    Response r = messages.createResponse(Response.INTERVAL_TOO_BRIEF, request);
                    r.addHeader(headers.createMinExpiresHeader(settings.minExpires()));
                    return r;
                }
                if (e != 0 && !bindings.has(aor, contactKey(c))) {
                    added++;
                }
                asked.add(Math.min(e, settings.maxExpires()));
            }
            if (bindings.count(aor) + added > settings.maxContacts()) {
                LOG.info("REGISTER for {} from {}: refused, more than {} contacts", aor.extension(), source,
                        settings.maxContacts());
                return messages.createResponse(Response.FORBIDDEN, request);
            }
            Instant now = clock.instant();
            UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
            String userAgent = ua == null ? null : String.join(" ", toStrings(ua.getProduct()));
            String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
            String transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase();
            for (int i = 0; i < contacts.size(); i++) {
                String contact = contactKey(contacts.get(i));
                if (asked.get(i) == 0) {
                    bindings.remove(aor, contact);
                } else {
                    bindings.put(new RegistrationBinding(aor.instanceId(), aor.extension(), contact, source,
                            transport, userAgent, callId, now, now.plusSeconds(asked.get(i))));
                }
            }
            if (added > 0 || asked.contains(0)) {
                LOG.info("REGISTER for {} from {}: {} contact(s) now", aor.extension(), source, bindings.count(aor));
            } else {
                // a refresh: phones refresh every few minutes, thousands of them; not worth a line each
                LOG.debug("REGISTER for {} from {}: refreshed", aor.extension(), source);
            }
        }
        List<RegistrationBinding> current = bindings.of(aor);
        report.accept(current);
        Response ok = messages.createResponse(Response.OK, request);
        Instant now = clock.instant();
        for (RegistrationBinding b : current) {
            ContactHeader c = headers.createContactHeader(addresses.createAddress(b.contact()));
            // rounded up: a binding granted 3600 s a moment ago still reads 3600, not 3599
            c.setExpires((int) Math.max(0, (Duration.between(now, b.expiresAt()).toMillis() + 999) / 1000));
            ok.addHeader(c);
        }
        ok.addHeader(headers.createDateHeader(new GregorianCalendar()));
        return ok;
    }

    /** Drops expired contacts and reports phones left without any as not registered. */
    void sweep() {
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

    private static String contactKey(ContactHeader c) {
        return c.getAddress().getURI().toString();
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

    /** ip:port the request came from: where a phone behind NAT is reached (rport/received). */
    static String source(Request request) {
        SIPMessage m = (SIPMessage) request;
        return m.getRemoteAddress() == null ? "unknown" : m.getRemoteAddress().getHostAddress() + ":" + m.getRemotePort();
    }
}
