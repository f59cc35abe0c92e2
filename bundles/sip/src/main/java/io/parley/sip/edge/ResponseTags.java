package io.parley.sip.edge;

import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * RFC 3261 §8.2.6.2: every response but a 100 carries a To tag, and a request outside a dialog has none, so its
 * answer gets a fresh one (JAIN-SIP copies the request's To as it is). This {@link MessageFactory} wraps the stack's
 * and tags every response it makes from a tagless request (OPTIONS, refused methods, REGISTER, an INVITE's
 * 403/404/407/486…); a dialog's own responses set the leg's tag over it. {@link #tag(SIPResponse)} tags those the
 * message valves build without the factory, {@link #fresh()} gives a tag for the REGISTER lane's bytes.
 *
 * <pre>{@code
 * MessageFactory messages = new ResponseTags(factory.createMessageFactory());
 * Response ok = messages.createResponse(Response.OK, options);   // To: <sip:parley.local>;tag=5f3a9c01d2e4b7a8
 * }</pre>
 */
public final class ResponseTags implements MessageFactory {

    private final MessageFactory messages;

    public ResponseTags(MessageFactory messages) {
        this.messages = messages;
    }

    /** A new To tag: 64 random bits (RFC 3261 §19.3 asks for at least 32). */
    public static String fresh() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** Gives {@code response} a fresh To tag when it is not a 100 and its To has none; returns it. */
    public static <R extends Response> R tag(R response) {
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (response.getStatusCode() > Response.TRYING && to != null && to.getTag() == null) {
            try {
                to.setTag(fresh());
            } catch (ParseException e) {
                throw new IllegalStateException("a hex To tag was refused", e);
            }
        }
        return response;
    }

    @Override
    public Response createResponse(int statusCode, Request request) throws ParseException {
        return tag(messages.createResponse(statusCode, request));
    }

    @Override
    public Response createResponse(int statusCode, Request request, ContentTypeHeader contentType, Object content)
            throws ParseException {
        return tag(messages.createResponse(statusCode, request, contentType, content));
    }

    @Override
    public Response createResponse(int statusCode, Request request, ContentTypeHeader contentType, byte[] content)
            throws ParseException {
        return tag(messages.createResponse(statusCode, request, contentType, content));
    }

    // built from the caller's own headers: the caller chose its To (tagging it would change the caller's header)

    @Override
    public Response createResponse(int statusCode, CallIdHeader callId, CSeqHeader cSeq, FromHeader from, ToHeader to,
                                   List via, MaxForwardsHeader maxForwards, ContentTypeHeader contentType,
                                   Object content) throws ParseException {
        return messages.createResponse(statusCode, callId, cSeq, from, to, via, maxForwards, contentType, content);
    }

    @Override
    public Response createResponse(int statusCode, CallIdHeader callId, CSeqHeader cSeq, FromHeader from, ToHeader to,
                                   List via, MaxForwardsHeader maxForwards, ContentTypeHeader contentType,
                                   byte[] content) throws ParseException {
        return messages.createResponse(statusCode, callId, cSeq, from, to, via, maxForwards, contentType, content);
    }

    @Override
    public Response createResponse(int statusCode, CallIdHeader callId, CSeqHeader cSeq, FromHeader from, ToHeader to,
                                   List via, MaxForwardsHeader maxForwards) throws ParseException {
        return messages.createResponse(statusCode, callId, cSeq, from, to, via, maxForwards);
    }

    @Override
    public Response createResponse(String response) throws ParseException {
        // a response written out in full says what it means to
        return messages.createResponse(response);
    }

    @Override
    public Request createRequest(URI requestUri, String method, CallIdHeader callId, CSeqHeader cSeq, FromHeader from,
                                 ToHeader to, List via, MaxForwardsHeader maxForwards, ContentTypeHeader contentType,
                                 Object content) throws ParseException {
        return messages.createRequest(requestUri, method, callId, cSeq, from, to, via, maxForwards, contentType, content);
    }

    @Override
    public Request createRequest(URI requestUri, String method, CallIdHeader callId, CSeqHeader cSeq, FromHeader from,
                                 ToHeader to, List via, MaxForwardsHeader maxForwards, ContentTypeHeader contentType,
                                 byte[] content) throws ParseException {
        return messages.createRequest(requestUri, method, callId, cSeq, from, to, via, maxForwards, contentType, content);
    }

    @Override
    public Request createRequest(URI requestUri, String method, CallIdHeader callId, CSeqHeader cSeq, FromHeader from,
                                 ToHeader to, List via, MaxForwardsHeader maxForwards) throws ParseException {
        return messages.createRequest(requestUri, method, callId, cSeq, from, to, via, maxForwards);
    }

    @Override
    public Request createRequest(String request) throws ParseException {
        return messages.createRequest(request);
    }
}
