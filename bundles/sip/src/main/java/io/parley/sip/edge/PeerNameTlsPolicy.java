package io.parley.sip.edge;

import gov.nist.javax.sip.ClientTransactionExt;
import gov.nist.javax.sip.TlsSecurityPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.sip.address.SipURI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/**
 * The name check of the appliance's TLS connections (a carrier over TLS): once a new connection's
 * certificate chain verified against {@code tlsTruststore}, its certificate must also be issued to
 * the host the request was meant for: the top Route (an outbound proxy), else the Request-URI host
 * (the carrier's {@code server_host}), as HTTPS checks a server name (RFC 5922 §7.2, RFC 6125):
 * a subjectAltName dNSName (a leading {@code *.} matches one label) or iPAddress, the subject's CN
 * only when the certificate has no dNSName. JAIN-SIP's default policy checks nothing, so any
 * certificate of any trusted CA would have been taken for any carrier.
 *
 * <p>JAIN-SIP instantiates it by class name ({@code gov.nist.javax.sip.TLS_SECURITY_POLICY}) and
 * calls it after the handshake of each connection it opens; a refusal ({@link SecurityException})
 * closes nothing but is never cached, and the request fails with an {@code IOException}.
 *
 * <pre>{@code
 * PeerNameTlsPolicy.matches(carrierCertificate, "sip.carrier.example");   // true for SAN DNS:*.carrier.example
 * }</pre>
 */
public final class PeerNameTlsPolicy implements TlsSecurityPolicy {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @Override
    public void enforceTlsPolicy(ClientTransactionExt transaction) throws SecurityException {
        if (transaction == null || transaction.getRequest() == null) {
            // a connection opened for no client transaction (none in the appliance's own requests): nothing to check against
            return;
        }
        String host = intendedHost(transaction.getRequest());
        if (host == null) {
            return;
        }
        Certificate[] chain;
        try {
            chain = transaction.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new SecurityException("TLS peer for " + host + " presented no verified certificate");
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new SecurityException("TLS peer for " + host + " presented no X.509 certificate");
        }
        if (!matches(leaf, host)) {
            throw new SecurityException("TLS certificate of " + leaf.getSubjectX500Principal().getName()
                    + " is not issued to " + host);
        }
    }

    /** The host the request goes to first: its top Route's, else its Request-URI's; null when not a SIP URI. */
    static String intendedHost(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (route != null && route.getAddress().getURI() instanceof SipURI r) {
            return r.getHost();
        }
        return request.getRequestURI() instanceof SipURI u ? u.getHost() : null;
    }

    /** Whether {@code cert} is issued to {@code host} (a DNS name or an IP literal, IPv6 with or without brackets). */
    static boolean matches(X509Certificate cert, String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String name = h;
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        boolean ipLiteral = IPV4.matcher(h).matches() || h.contains(":");
        boolean anyDns = false;
        if (names != null) {
            for (List<?> n : names) {
                int type = (Integer) n.get(0);
                String value = String.valueOf(n.get(1)).toLowerCase(Locale.ROOT);
                if (type == SAN_IP && ipLiteral && sameAddress(value, h)) {
                    return true;
                }
                if (type == SAN_DNS) {
                    anyDns = true;
                    if (!ipLiteral && dnsMatches(value, h)) {
                        return true;
                    }
                }
            }
        }
        // RFC 6125 §6.4.4: the CN only when there is no DNS name in subjectAltName; never for an IP literal
        return !anyDns && !ipLiteral && commonNames(cert).stream().anyMatch(cn -> dnsMatches(cn, name));
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (p.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(p.substring(2)) && p.length() > 2;
        }
        return p.equals(host);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // both are literals here: no DNS lookup
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> commonNames(X509Certificate cert) {
        try {
            return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(r -> "CN".equalsIgnoreCase(r.getType())).map(Rdn::getValue).map(String::valueOf)
                    .map(v -> v.toLowerCase(Locale.ROOT)).toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }
}
