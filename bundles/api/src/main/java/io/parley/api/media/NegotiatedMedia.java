package io.parley.api.media;

import java.net.InetSocketAddress;

/**
 * What an offer/answer exchange settled for one endpoint.
 *
 * <pre>{@code
 * endpoint.answer(offerSdp);
 * NegotiatedMedia m = endpoint.negotiated().orElseThrow();
 * log.info("call {} uses {} to {}", id, m.codec(), m.remote());
 * }</pre>
 *
 * @param codec the audio codec both sides use
 * @param telephoneEventPayloadType the RFC 4733 payload type, or -1 when the peer has none
 * @param ptimeMs the packet time we send, in milliseconds (Parley always sends 20)
 * @param direction our direction
 * @param remote where we send RTP until symmetric RTP latches onto the source actually seen
 */
public record NegotiatedMedia(Codec codec, int telephoneEventPayloadType, int ptimeMs,
                              MediaDirection direction, InetSocketAddress remote) {
    /** @return true if the peer can receive and send RFC 4733 digits */
    public boolean hasTelephoneEvents() {
        return telephoneEventPayloadType >= 0;
    }
}
