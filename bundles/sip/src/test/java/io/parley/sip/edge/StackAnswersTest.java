package io.parley.sip.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class StackAnswersTest {

    private static StackAnswers.Rewritten rewrite(String answer) {
        byte[] b = ("xx" + answer).getBytes(StandardCharsets.ISO_8859_1);
        return StackAnswers.rewrite(b, 2, b.length - 2, "192.0.2.1");
    }

    @Test
    public void theStacksAutomatic400KeepsOnlyTheRequestsIdentifyingHeadersAndNamesNoInternals() {
        // as JAIN-SIP 1.3.0-91 writes it, line break of the parser's message and broken sipfrag framing included
        StackAnswers.Rewritten r = rewrite("SIP/2.0 400 Bad Request ([C@7b759397\n:Number format exception)\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.9:5062;branch=z9hG4bK1\r\nCSeq: 36893488147419103232 OPTIONS\r\n"
                + "Call-ID: c1@192.0.2.9\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:x>;tag=badreq\r\nServer: jain-sip\r\n"
                + "Content-Type: message/sipfrag\r\n\r\nContent-Length: 40\r\n\r\n\r\nOPTIONS sip:x SIP/2.0\r\nX: secret\r\n");
        assertEquals("SIP/2.0 400 Bad Request\r\nVia: SIP/2.0/UDP 192.0.2.9:5062;branch=z9hG4bK1\r\n"
                + "CSeq: 36893488147419103232 OPTIONS\r\nCall-ID: c1@192.0.2.9\r\nFrom: <sip:a@x>;tag=1\r\n"
                + "To: <sip:x>;tag=badreq\r\nWarning: 399 192.0.2.1 \"Malformed request\"\r\nContent-Length: 0\r\n\r\n",
                new String(r.bytes(), StandardCharsets.ISO_8859_1));
        assertEquals("[C@7b759397 :Number format exception", r.detail());
    }

    @Test
    public void theStacks505NamesTheStandardPhraseNotTheVersionSent() {
        StackAnswers.Rewritten r = rewrite("SIP/2.0 505 Bad versionSIP/7.0\r\nVia: SIP/7.0/UDP h;branch=z9hG4bK2\r\n"
                + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        assertEquals("SIP/2.0 505 Version Not Supported\r\nWarning: 399 192.0.2.1 \"Malformed request\"\r\n"
                + "Via: SIP/7.0/UDP h;branch=z9hG4bK2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
                new String(r.bytes(), StandardCharsets.ISO_8859_1));
        assertEquals("Bad versionSIP/7.0", r.detail());
    }

    @Test
    public void everyOtherMessageIsLeftAlone() {
        assertNull(rewrite("SIP/2.0 400 Bad Request\r\nVia: x\r\nContent-Length: 0\r\n\r\n"));
        assertNull(rewrite("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertNull(rewrite("INVITE sip:x SIP/2.0\r\n\r\n"));
        assertNull(rewrite("SIP/2.0"));
    }

    @Test
    public void theLoggedDetailIsOneShortPrintableLine() {
        assertEquals("a b  c", StackAnswers.printable("a\nb\r\nc"));
        assertEquals(200, StackAnswers.printable("x".repeat(500)).length());
    }
}
