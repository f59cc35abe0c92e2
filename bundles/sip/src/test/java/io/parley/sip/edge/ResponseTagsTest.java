package io.parley.sip.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import javax.sip.SipFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.Test;

public class ResponseTagsTest {

    private final MessageFactory messages;

    public ResponseTagsTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = new ResponseTags(factory.createMessageFactory());
    }

    private Request request(String method, String to) throws Exception {
        return messages.createRequest(method + " sip:parley.local SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:probe@192.0.2.1>;tag=f1\r\nTo: " + to + "\r\nCall-ID: c1@192.0.2.1\r\n"
                + "CSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n");
    }

    private static String toTag(Response r) {
        return ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
    }

    @Test
    public void everyAnswerButA100ToARequestOutsideADialogGetsAFreshToTag() throws Exception {
        Request options = request("OPTIONS", "<sip:parley.local>");
        String ok = toTag(messages.createResponse(Response.OK, options));
        assertNotNull(ok);
        assertNotEquals(ok, toTag(messages.createResponse(Response.METHOD_NOT_ALLOWED, options)));
        assertNull(toTag(messages.createResponse(Response.TRYING, options)));
        // the request itself keeps no tag: the response's To is a copy
        assertNull(((ToHeader) options.getHeader(ToHeader.NAME)).getTag());
    }

    @Test
    public void aRequestInADialogKeepsItsTag() throws Exception {
        Request bye = request("BYE", "<sip:8001@parley.local>;tag=ours");
        assertEquals("ours", toTag(messages.createResponse(Response.OK, bye)));
    }
}
