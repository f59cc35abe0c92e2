package io.parley.sip.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.telephony.SipDigest;
import org.junit.Test;

public class DigestTest {

    @Test
    public void rfc2617ExampleWithQopAuth() {
        String ha1 = Digest.hex("MD5", "Mufasa:testrealm@host.com:Circle Of Life");
        assertEquals("6629fae49393a05397450978507c4ef1", Digest.response("MD5", ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "GET", "/dir/index.html", "auth", "00000001", "0a4f113b"));
    }

    @Test
    public void rfc7616ExampleWithSha256() {
        String ha1 = Digest.hex("SHA-256", "Mufasa:http-auth@example.org:Circle of Life");
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                Digest.response("SHA-256", ha1, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "GET", "/dir/index.html",
                        "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"));
    }

    @Test
    public void withoutQopTheResponseIsHa1NonceHa2() {
        String ha1 = Digest.hex("MD5", "8001:parley.local:secret");
        String ha2 = Digest.hex("MD5", "REGISTER:sip:parley.local");
        assertEquals(Digest.hex("MD5", ha1 + ":abc:" + ha2),
                Digest.response("MD5", ha1, "abc", "REGISTER", "sip:parley.local", null, null, null));
    }

    @Test
    public void comparisonIgnoresTheCaseOfTheHexDigitsAndRefusesAMissingResponse() {
        assertTrue(Digest.matches("6629fae49393a05397450978507c4ef1", "6629FAE49393A05397450978507C4EF1"));
        assertFalse(Digest.matches("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef2"));
        assertFalse(Digest.matches("6629fae49393a05397450978507c4ef1", null));
    }

    @Test
    public void algorithmDefaultsToMd5AndKnowsOnlyMd5AndSha256() {
        assertEquals("MD5", Digest.algorithm(null));
        assertEquals("MD5", Digest.algorithm("md5"));
        assertEquals("SHA-256", Digest.algorithm("sha-256"));
        assertNull(Digest.algorithm("SHA-512-256"));
        assertNull(Digest.algorithm("MD5-sess"));
    }

    @Test
    public void theStoredHa1OfTheAlgorithmIsUsed() {
        SipDigest d = new SipDigest("8001", "parley.local", "m", "s");
        assertEquals("m", Digest.ha1(d, "MD5"));
        assertEquals("s", Digest.ha1(d, "SHA-256"));
    }
}
