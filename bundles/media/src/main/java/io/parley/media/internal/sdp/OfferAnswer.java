package io.parley.media.internal.sdp;

import io.parley.api.media.Codec;
import io.parley.api.media.MediaDescription;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaException;
import io.parley.api.media.NegotiatedMedia;
import io.parley.api.media.PayloadFormat;
import io.parley.api.media.SessionDescription;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SDP offer/answer rules of RFC 3264 for one audio stream with G.711 and RFC 4733:
 * which codec to take from an offer, what to answer, what an answer to our offer means.
 */
public final class OfferAnswer {
    /** Packet time we always send. */
    public static final int PTIME_MS = 20;
    /** Digits 0-9, *, #, A-D. */
    public static final String TELEPHONE_EVENT_FMTP = "0-16";

    private OfferAnswer() {
    }

    /** What the local side puts in its SDP. */
    public record LocalMedia(String address, int port, long sessionId, long sessionVersion, int telephoneEventPayloadType) {
    }

    /** An answer and what it settled. */
    public record Answer(SessionDescription sdp, NegotiatedMedia negotiated) {
    }

    /** @return our offer: PCMU, PCMA, telephone-event, ptime 20 */
    public static SessionDescription offer(LocalMedia local, MediaDirection direction) {
        List<PayloadFormat> formats = List.of(
                new PayloadFormat(Codec.PCMU.payloadType(), Codec.PCMU.encodingName(), 8000, null),
                new PayloadFormat(Codec.PCMA.payloadType(), Codec.PCMA.encodingName(), 8000, null),
                new PayloadFormat(local.telephoneEventPayloadType(), PayloadFormat.TELEPHONE_EVENT, 8000, TELEPHONE_EVENT_FMTP));
        return session(local, new MediaDescription("audio", local.port(), "RTP/AVP", formats, null, PTIME_MS, direction));
    }

    /**
     * Answers an offer: takes the first offered codec we support (the offerer's preference),
     * echoes its telephone-event payload type, answers the direction per RFC 3264 §6.1.
     *
     * @throws MediaException {@code NO_COMMON_CODEC} if the offer has no audio with PCMU or PCMA
     */
    public static Answer answer(SessionDescription offer, LocalMedia local) {
        MediaDescription audio = offer.audio().orElseThrow(() -> noCodec("offer has no audio stream"));
        Codec codec = firstSupported(audio).orElseThrow(() -> noCodec("offer has neither PCMU nor PCMA: " + audio.formats()));
        Optional<PayloadFormat> dtmf = audio.formats().stream().filter(PayloadFormat::isTelephoneEvent).findFirst();
        MediaDirection ours = audio.direction().answerTo();
        List<PayloadFormat> formats = new ArrayList<>();
        formats.add(new PayloadFormat(codec.payloadType(), codec.encodingName(), 8000, null));
        dtmf.ifPresent(f -> formats.add(new PayloadFormat(f.payloadType(), PayloadFormat.TELEPHONE_EVENT, 8000,
                f.fmtp() != null ? f.fmtp() : TELEPHONE_EVENT_FMTP)));
        SessionDescription sdp = session(local, new MediaDescription("audio", local.port(), "RTP/AVP", formats, null, PTIME_MS, ours));
        NegotiatedMedia negotiated = new NegotiatedMedia(codec, dtmf.map(PayloadFormat::payloadType).orElse(-1), PTIME_MS,
                ours, remote(offer, audio));
        return new Answer(sdp, negotiated);
    }

    /**
     * Reads the answer to our offer: the answerer must pick from what we offered; we use its
     * first codec and its telephone-event payload type.
     *
     * @throws MediaException {@code NO_COMMON_CODEC} if the answer rejected audio or chose no G.711
     */
    public static NegotiatedMedia applyAnswer(SessionDescription answer, MediaDirection offeredDirection) {
        MediaDescription audio = answer.audio().orElseThrow(() -> noCodec("answer rejected the audio stream"));
        Codec codec = firstSupported(audio).orElseThrow(() -> noCodec("answer has neither PCMU nor PCMA: " + audio.formats()));
        int dtmf = audio.formats().stream().filter(PayloadFormat::isTelephoneEvent).mapToInt(PayloadFormat::payloadType).findFirst().orElse(-1);
        // our direction is what we offered, narrowed by what the answer allows
        MediaDirection theirs = audio.direction();
        boolean send = offeredDirection.sends() && theirs.receives();
        boolean receive = offeredDirection.receives() && theirs.sends();
        MediaDirection ours = send && receive ? MediaDirection.SENDRECV : send ? MediaDirection.SENDONLY
                : receive ? MediaDirection.RECVONLY : MediaDirection.INACTIVE;
        return new NegotiatedMedia(codec, dtmf, PTIME_MS, ours, remote(answer, audio));
    }

    private static Optional<Codec> firstSupported(MediaDescription audio) {
        for (PayloadFormat f : audio.formats()) {
            Optional<Codec> c = Codec.forPayloadType(f.payloadType())
                    .filter(k -> k.encodingName().equalsIgnoreCase(f.encodingName()) && f.clockRate() == 8000);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static InetSocketAddress remote(SessionDescription d, MediaDescription m) {
        String host = d.connectionFor(m);
        if (host == null) {
            throw new MediaException(MediaException.Kind.INVALID_SDP, "invalid SDP: no c= line for the audio stream");
        }
        // an IP literal: no DNS lookup on the call path
        return new InetSocketAddress(host, m.port());
    }

    private static SessionDescription session(LocalMedia local, MediaDescription audio) {
        return new SessionDescription("parley", local.sessionId(), local.sessionVersion(), local.address(), "parley",
                local.address(), List.of(audio));
    }

    private static MediaException noCodec(String why) {
        return new MediaException(MediaException.Kind.NO_COMMON_CODEC, why);
    }
}
