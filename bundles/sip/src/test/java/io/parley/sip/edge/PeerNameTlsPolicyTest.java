package io.parley.sip.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.Test;

/**
 * Which host a TLS certificate is taken for (RFC 6125 as HTTPS does it), with certificates made
 * the way the appliance makes its own; SipTlsClientTest shows the check refusing a real connection.
 */
public class PeerNameTlsPolicyTest {

    @Test
    public void aDnsNameMatchesItselfInAnyCaseAndNothingElse() throws Exception {
        X509Certificate c = certificate("carrier.test");
        assertTrue(PeerNameTlsPolicy.matches(c, "carrier.test"));
        assertTrue(PeerNameTlsPolicy.matches(c, "Carrier.TEST."));
        assertFalse(PeerNameTlsPolicy.matches(c, "sip.carrier.test"));
        assertFalse(PeerNameTlsPolicy.matches(c, "carrier.test.evil"));
        assertFalse("a DNS name is no address", PeerNameTlsPolicy.matches(c, "127.0.0.1"));
    }

    @Test
    public void aWildcardMatchesExactlyOneLeftmostLabel() throws Exception {
        X509Certificate c = certificate("*.carrier.test");
        assertTrue(PeerNameTlsPolicy.matches(c, "sip.carrier.test"));
        assertFalse(PeerNameTlsPolicy.matches(c, "carrier.test"));
        assertFalse(PeerNameTlsPolicy.matches(c, "a.sip.carrier.test"));
    }

    @Test
    public void anAddressMatchesOnlyAnIpAddressName() throws Exception {
        X509Certificate v4 = certificate("127.0.0.51");
        assertTrue(PeerNameTlsPolicy.matches(v4, "127.0.0.51"));
        assertFalse(PeerNameTlsPolicy.matches(v4, "127.0.0.52"));
        X509Certificate v6 = certificate("::1");
        assertTrue(PeerNameTlsPolicy.matches(v6, "[::1]"));
        assertTrue(PeerNameTlsPolicy.matches(v6, "0:0:0:0:0:0:0:1"));
        assertFalse(PeerNameTlsPolicy.matches(v6, "127.0.0.1"));
    }

    @Test
    public void theHostMeantIsTheTopRouteElseTheRequestUri() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        MessageFactory messages = f.createMessageFactory();
        HeaderFactory headers = f.createHeaderFactory();
        AddressFactory addresses = f.createAddressFactory();
        Request direct = messages.createRequest("REGISTER sip:sip.carrier.test:5061;transport=tls SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-1\r\nFrom: <sip:a@carrier.test>;tag=1\r\n"
                + "To: <sip:a@carrier.test>\r\nCall-ID: 1\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        assertEquals("sip.carrier.test", PeerNameTlsPolicy.intendedHost(direct));
        Request proxied = (Request) direct.clone();
        SipURI proxy = addresses.createSipURI(null, "proxy.carrier.test");
        proxy.setLrParam();
        proxied.addHeader(headers.createRouteHeader(addresses.createAddress(proxy)));
        assertEquals("proxy.carrier.test", PeerNameTlsPolicy.intendedHost(proxied));
    }

    private static X509Certificate certificate(String name) throws Exception {
        Path dir = Files.createTempDirectory("peer-name");
        TlsKeystore.Store s = TlsKeystore.generate(dir.resolve("k.p12"), dir.resolve("k.password"), name);
        return (X509Certificate) TlsKeystore.load(s).getCertificate("parley-sip");
    }
}
