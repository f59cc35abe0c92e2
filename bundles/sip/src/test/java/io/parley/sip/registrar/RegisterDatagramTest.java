package io.parley.sip.registrar;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.parley.sip.auth.Digest;
import io.parley.sip.auth.DigestCredentials;
import io.parley.sip.auth.Nonces;
import io.parley.sip.edge.EdgeGate;
import io.parley.sip.edge.ResponseTags;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.SipFactory;
import org.junit.Test;

/**
 * The datagram lane reads a REGISTER as the stack's parser does and writes the registrar's answer as the
 * stack's encoder does; whatever is not of the common shape it leaves to the stack.
 */
public class RegisterDatagramTest {

    private static final EdgeGate.Limits LIMITS = EdgeGate.Limits.defaults(16384);
    private static final String AUTH = "Authorization: Digest username=\"8001\",realm=\"parley.local\",nonce=\"abc123\","
            + "uri=\"sip:parley.local\",response=\"0123456789abcdef0123456789abcdef\",algorithm=MD5,qop=auth,nc=00000001,"
            + "cnonce=\"c0ffee\"\r\n";

    /** SIPp's REGISTER as bench/sip and the ITs send it, with the headers in between given. */
    private static String register(String via, String more) {
        return "REGISTER sip:parley.local SIP/2.0\r\n"
                + "Via: " + via + "\r\n"
                + "From: <sip:8001@parley.local>;tag=1234\r\n"
                + "To: <sip:8001@parley.local>\r\n"
                + "Call-ID: 1-4242@127.0.0.2\r\n"
                + "CSeq: 2 REGISTER\r\n"
                + "Max-Forwards: 70\r\n"
                + more
                + "Content-Length: 0\r\n\r\n";
    }

    private static final String SIPP_VIA = "SIP/2.0/UDP 127.0.0.2:5061;branch=z9hG4bK-4242-1-0";

    private static RegisterDatagram read(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return RegisterDatagram.read(b, 0, b.length, LIMITS);
    }

    /** The request as the stack has it once its UDP channel has seen where it came from. */
    private static SIPRequest stackRequest(String text, String ip, int port) throws Exception {
        SIPRequest r = (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.ISO_8859_1),
                true, false, null);
        Via via = r.getTopmostVia();
        InetAddress source = InetAddress.getByName(ip);
        boolean rport = via.hasParameter(Via.RPORT);
        if (rport || !via.getHost().equals(ip)) {
            via.setParameter(Via.RECEIVED, ip);
        }
        if (rport) {
            via.setParameter(Via.RPORT, Integer.toString(port));
        }
        r.setRemoteAddress(source);
        r.setRemotePort(via.getPort() > 0 ? via.getPort() : 5060);
        r.setPeerPacketSourceAddress(source);
        r.setPeerPacketSourcePort(port);
        return r;
    }

    @Test
    public void aRegisterIsReadAsTheStackReadsIt() throws Exception {
        String[] shapes = {
                register(SIPP_VIA, "Contact: <sip:8001@127.0.0.2:5061>\r\nExpires: 3600\r\n"),
                register(SIPP_VIA, "Contact: <sip:8001@127.0.0.2:5061>\r\nExpires: 3600\r\n" + AUTH),
                register(SIPP_VIA + ";rport", "Contact: <sip:8001@192.168.1.5:5060;transport=udp>;expires=600;+sip.instance="
                        + "\"<urn:uuid:0001>\";reg-id=1\r\nUser-Agent: Yealink SIP-T46S  66.86.0.15\r\n" + AUTH),
                register("SIP/2.0/UDP 192.168.1.5:5062;rport;branch=z9hG4bKx", "m: <sip:8001@192.168.1.5:5062>;expires=0, "
                        + "<sip:8001@10.0.0.9>;expires=120\r\n"),
                register(SIPP_VIA, "Contact: *\r\nExpires: 0\r\n" + AUTH),
                register(SIPP_VIA, "Contact: sip:8001@127.0.0.2:5061;expires=60\r\n"),
                register(SIPP_VIA, ""),
                register(SIPP_VIA, "Contact: \"Desk, 1\" <sip:8001@127.0.0.2:5061>;q=0.5, sip:8001@10.0.0.2\r\n"),
        };
        for (String text : shapes) {
            RegisterDatagram d = read(text);
            assertNotNull(text, d);
            RegisterRequest lane = d.request("127.0.0.2", 40000);
            RegisterRequest stack = PhoneRegistrar.read(stackRequest(text, "127.0.0.2", 40000));
            assertEquals(stack.toString(), lane.toString());
        }
    }

    @Test
    public void behindNatThePhoneIsReachedWhereItsRegisterCameFrom() throws Exception {
        String text = register("SIP/2.0/UDP 192.168.1.5:5060;rport;branch=z9hG4bKnat", "Contact: <sip:8001@192.168.1.5>\r\n");
        RegisterDatagram d = read(text);
        assertEquals("203.0.113.9:40000", d.request("203.0.113.9", 40000).source());
        assertEquals(40000, d.replyPort(40000));
        assertEquals("203.0.113.9:40000", PhoneRegistrar.read(stackRequest(text, "203.0.113.9", 40000)).source());
        // without rport: the Via's port (RFC 3261 §18.2.2)
        assertEquals(5061, read(register(SIPP_VIA, "")).replyPort(40000));
    }

    @Test
    public void theAnswerIsWhatTheStackWouldHaveSent() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        PhoneDirectory nobody = new PhoneDirectory() {
            @Override
            public Optional<io.parley.api.telephony.SipPhone> find(String host, String extension) {
                return Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, io.parley.api.telephony.PhoneRegistration registration) {
            }
        };
        PhoneRegistrar registrar = new PhoneRegistrar(nobody,
                new PhoneRegistrar.Settings("parley.local", 60, 3600, 3600, 3, List.of("MD5", "SHA-256")),
                new Nonces(Clock.systemUTC(), Duration.ofSeconds(30), 10), new Bindings(), Clock.systemUTC(),
                new ResponseTags(factory.createMessageFactory()), factory.createHeaderFactory(),
                factory.createAddressFactory());
        List<RegisterAnswer> answers = List.of(
                RegisterAnswer.challenge(List.of(new RegisterAnswer.Challenge("parley.local", "n1", "MD5", false),
                        new RegisterAnswer.Challenge("parley.local", "n1", "SHA-256", false))),
                RegisterAnswer.challenge(List.of(new RegisterAnswer.Challenge("parley.local", "n2", "MD5", true))),
                RegisterAnswer.ok(List.of(new RegisterAnswer.Grant("sip:8001@127.0.0.2:5061", 3600),
                        new RegisterAnswer.Grant("sip:8001@10.0.0.9;transport=udp", 59))),
                RegisterAnswer.ok(List.of()),
                RegisterAnswer.intervalTooBrief(60),
                RegisterAnswer.busy(7),
                RegisterAnswer.status(403),
                RegisterAnswer.status(404));
        for (String via : List.of(SIPP_VIA, SIPP_VIA + ";rport", "SIP/2.0/UDP phone.example:5062;branch=z9hG4bKh;rport")) {
            String text = register(via, "Contact: <sip:8001@127.0.0.2:5061>\r\nVia: SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKproxy\r\n");
            RegisterDatagram d = read(text);
            assertNotNull(text, d);
            for (RegisterAnswer answer : answers) {
                SIPResponse lane = (SIPResponse) new StringMsgParser().parseSIPMessage(
                        d.answer(answer, "127.0.0.2", 40000, "Thu, 26 Nov 2026 23:59:59 GMT"), true, false, null);
                SIPResponse stack = (SIPResponse) registrar.response(stackRequest(text, "127.0.0.2", 40000), answer);
                assertEquals(stack.getStatusLine().encode(), lane.getStatusLine().encode());
                for (String name : List.of("Via", "From", "Call-ID", "CSeq", "WWW-Authenticate", "Contact",
                        "Min-Expires", "Retry-After", "Content-Length")) {
                    assertEquals(via + " " + answer + " " + name, all(stack, name), all(lane, name));
                }
                // the same To, each with a tag of its own (RFC 3261 §8.2.6.2)
                assertNotNull(lane.getToTag());
                assertNotNull(stack.getToTag());
                assertEquals(stack.getTo().getAddress().toString(), lane.getTo().getAddress().toString());
                assertEquals(stack.getHeader("Date") != null, lane.getHeader("Date") != null);
            }
        }
    }

    private static List<Object> all(SIPResponse r, String name) {
        List<Object> list = new ArrayList<>();
        ListIterator<?> it = r.getHeaders(name);
        while (it.hasNext()) {
            list.add(String.valueOf(it.next()).strip());
        }
        return list;
    }

    @Test
    public void aToTagIsFoundAmongTheHeaderParametersOnly() {
        assertTrue(RegisterDatagram.hasTag("<sip:8001@parley.local>;tag=abc"));
        assertTrue(RegisterDatagram.hasTag("\"Desk\" <sip:8001@parley.local> ; TAG=abc;x=1"));
        assertTrue(RegisterDatagram.hasTag("sip:8001@parley.local;tag=abc"));
        assertFalse(RegisterDatagram.hasTag("<sip:8001@parley.local;tag=uri-param>"));
        assertFalse(RegisterDatagram.hasTag("<sip:8001@parley.local>;tagx=1"));
        assertFalse(RegisterDatagram.hasTag("<sip:8001@parley.local>"));
    }

    @Test
    public void whatIsNotOfTheCommonShapeIsLeftToTheStack() {
        String ok = register(SIPP_VIA, "Contact: <sip:8001@127.0.0.2:5061>\r\n");
        assertNotNull(read(ok));
        List<String> unusual = List.of(
                ok.replace("From: <sip:8001@parley.local>;tag=1234\r\n", "From: <sip:8001@parley.local>;\r\n tag=1234\r\n"),
                ok.replace("Content-Length: 0\r\n\r\n", "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"),
                ok.replace("Via: " + SIPP_VIA, "Via: " + SIPP_VIA + ", SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKb"),
                ok.replace("SIP/2.0/UDP", "SIP/2.0/TCP"),
                ok.replace("Call-ID: 1-4242@127.0.0.2\r\n", ""),
                ok.replace("CSeq: 2 REGISTER", "CSeq: 2 INVITE"),
                ok.replace(" SIP/2.0\r\n", " SIP/3.0\r\n"),
                ok.replace("Contact: <sip:8001@127.0.0.2:5061>", "Contact: \"Desk, 1 <sip:8001@127.0.0.2:5061>"),
                ok.replace("Contact: <sip:8001@127.0.0.2:5061>", "Contact: <sip:8001@127.0.0.2:5061>;expires=soon"),
                ok.replace("To: <sip:8001@parley.local>", "To: <tel:+8613912345678>"),
                ok.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + AUTH + AUTH),
                ok.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nAuthorization: Basic ODAwMTpzZWNyZXQ=\r\n"),
                ok.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nX-Long: " + "a".repeat(5000) + "\r\n"),
                ok.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + "X-Many: 1\r\n".repeat(64)),
                ok.replace(";branch=z9hG4bK-4242-1-0", ";branch=z9hG4bK-4242-1-0;received=10.0.0.1"),
                ok.substring(0, ok.length() - 2),
                "INVITE sip:8001@parley.local SIP/2.0\r\n" + ok.substring(ok.indexOf("\r\n") + 2));
        for (String text : unusual) {
            assertNull(text, read(text));
        }
        assertFalse(RegisterDatagram.isRegister("REGISTE".getBytes(StandardCharsets.ISO_8859_1), 0, 7));
        assertTrue(RegisterDatagram.isRegister(ok.getBytes(StandardCharsets.ISO_8859_1), 0, ok.length()));
    }

    @Test
    public void digestCredentialsAreReadWithOrWithoutQuotes() {
        DigestCredentials c = RegisterDatagram.credentials("Digest username=\"8001\", realm=\"parley.local\", "
                + "nonce=\"n,1\", uri=\"sip:parley.local\", response=\"abc\", algorithm=SHA-256, qop=auth, nc=00000001, "
                + "cnonce=\"x\", opaque=\"\"");
        assertEquals(new DigestCredentials("8001", "parley.local", "n,1", "sip:parley.local", "abc", "SHA-256", "auth",
                "00000001", "x"), c);
        assertNull(RegisterDatagram.credentials("Digest realm=\"parley.local\""));
    }
}
