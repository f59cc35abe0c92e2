package io.parley.media.internal.sdp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.media.Codec;
import io.parley.api.media.MediaDescription;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaException;
import io.parley.api.media.NegotiatedMedia;
import io.parley.api.media.SessionDescription;

import java.net.InetSocketAddress;

import org.junit.Test;

public class OfferAnswerTest {
    private static final OfferAnswer.LocalMedia LOCAL = new OfferAnswer.LocalMedia("192.0.2.10", 20000, 77, 1, 101);

    static final String PHONE_OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 198.51.100.7",
            "s=Talk",
            "c=IN IP4 198.51.100.7",
            "t=0 0",
            "m=audio 49170 RTP/AVP 8 0 96 101",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:96 opus/48000/2",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=sendrecv",
            "m=video 0 RTP/AVP 31",
            "") ;

    @Test
    public void answerTakesTheOfferersFirstG711CodecAndItsTelephoneEventType() {
        OfferAnswer.Answer a = OfferAnswer.answer(SdpFormat.parse(PHONE_OFFER), LOCAL);
        NegotiatedMedia n = a.negotiated();
        assertEquals(Codec.PCMA, n.codec());
        assertEquals(101, n.telephoneEventPayloadType());
        assertEquals(new InetSocketAddress("198.51.100.7", 49170), n.remote());
        MediaDescription m = a.sdp().audio().orElseThrow();
        assertEquals(20000, m.port());
        assertEquals(2, m.formats().size());
        assertEquals(8, m.formats().get(0).payloadType());
        assertEquals("0-15", m.formats().get(1).fmtp());
        assertEquals(MediaDirection.SENDRECV, m.direction());
    }

    @Test
    public void staticPayloadTypesWithoutRtpmapAreUnderstood() {
        String offer = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 18 0\n";
        NegotiatedMedia n = OfferAnswer.answer(SdpFormat.parse(offer), LOCAL).negotiated();
        assertEquals(Codec.PCMU, n.codec());
        assertEquals(-1, n.telephoneEventPayloadType());
    }

    @Test
    public void answerToSendonlyIsRecvonlyAndToInactiveIsInactive() {
        assertEquals(MediaDirection.RECVONLY, answerDirection("a=sendonly"));
        assertEquals(MediaDirection.SENDONLY, answerDirection("a=recvonly"));
        assertEquals(MediaDirection.INACTIVE, answerDirection("a=inactive"));
    }

    private static MediaDirection answerDirection(String attribute) {
        String offer = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n" + attribute + "\n";
        return OfferAnswer.answer(SdpFormat.parse(offer), LOCAL).negotiated().direction();
    }

    @Test
    public void offerWithoutG711IsRejectedAsNoCommonCodec() {
        String offer = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/48000/2\n";
        try {
            OfferAnswer.answer(SdpFormat.parse(offer), LOCAL);
            fail();
        } catch (MediaException e) {
            assertEquals(MediaException.Kind.NO_COMMON_CODEC, e.kind());
            assertEquals(0, e.getStackTrace().length);
        }
    }

    @Test
    public void ourOfferListsPcmuPcmaTelephoneEventAndPtime() {
        String text = SdpFormat.format(OfferAnswer.offer(LOCAL, MediaDirection.SENDONLY));
        assertTrue(text, text.contains("m=audio 20000 RTP/AVP 0 8 101\r\n"));
        assertTrue(text.contains("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"));
        assertTrue(text.contains("a=ptime:20\r\n"));
        assertTrue(text.contains("a=sendonly\r\n"));
        assertTrue(text.contains("c=IN IP4 192.0.2.10\r\n"));
        assertTrue(text.startsWith("v=0\r\no=parley 77 1 IN IP4 192.0.2.10\r\n"));
    }

    @Test
    public void answerToOurOfferNarrowsDirectionAndLatchesItsCodec() {
        String answer = "v=0\r\no=- 5 5 IN IP4 10.1.1.1\r\ns=-\r\nc=IN IP4 10.1.1.1\r\nt=0 0\r\n"
                + "m=audio 5004 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=recvonly\r\n";
        NegotiatedMedia n = OfferAnswer.applyAnswer(SdpFormat.parse(answer), MediaDirection.SENDRECV);
        assertEquals(Codec.PCMA, n.codec());
        assertEquals(101, n.telephoneEventPayloadType());
        assertEquals(MediaDirection.SENDONLY, n.direction());
        assertEquals(5004, n.remote().getPort());
    }

    @Test
    public void formattedSdpParsesBackToTheSameDescription() {
        SessionDescription d = OfferAnswer.offer(LOCAL, MediaDirection.SENDRECV);
        assertEquals(d, SdpFormat.parse(SdpFormat.format(d)));
    }

    @Test
    public void mediaLevelConnectionOverridesSessionLevel() {
        String sdp = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 10.9.9.9\n";
        SessionDescription d = SdpFormat.parse(sdp);
        assertEquals("10.9.9.9", d.connectionFor(d.audio().orElseThrow()));
        assertNull(SdpFormat.parse("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\n").connectionAddress());
    }

    @Test
    public void malformedSdpIsInvalidSdp() {
        for (String bad : new String[] {"", "hello", "v=1\n", "v=0\nm=audio x RTP/AVP 0\n", "v=0\nc=IN IP4\n",
                "v=0\nm=audio 4000 RTP/AVP 200\n", "o=- 1 1 IN IP4 1.2.3.4\n"}) {
            try {
                SdpFormat.parse(bad);
                fail("accepted: " + bad);
            } catch (MediaException e) {
                assertEquals(MediaException.Kind.INVALID_SDP, e.kind());
            }
        }
    }
}
