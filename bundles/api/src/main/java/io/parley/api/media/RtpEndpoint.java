package io.parley.api.media;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One RTP session of a call leg: a UDP port pair (RTP, RTCP) on the appliance, the codec
 * negotiated with SDP, and the media operations on it. Every outgoing packet is paced by the
 * media server's single 20 ms clock; receiving is non-blocking.
 *
 * <p>Symmetric RTP: once a packet arrives, RTP is sent back to the address it came from
 * (latching), whatever the SDP said, so phones behind NAT work.
 *
 * <pre>{@code
 * try (RtpEndpoint ep = mediaServer.openEndpoint("call-42/customer")) {
 *     String answer = ep.answer(offerSdp);                 // 200 OK body
 *     ep.player().play(PlayRequest.once(menu, true));
 *     DigitCollectResult r = ep.collectDigits(spec).result().toCompletableFuture().get();
 * } // closing frees the ports, stops playbacks, collectors, recorders and bridges
 * }</pre>
 */
public interface RtpEndpoint extends AutoCloseable {
    /** @return the label given at creation (for logs), e.g. the call session id and leg */
    String label();

    /** @return the local RTP address (the RTCP port is this port + 1) */
    InetSocketAddress localAddress();

    /**
     * Makes an SDP offer for this endpoint (PCMU, PCMA, telephone-event, ptime 20).
     *
     * @param direction the direction to offer, e.g. {@code SENDONLY} to hold the peer
     * @return the SDP text
     */
    String createOffer(MediaDirection direction);

    /**
     * Applies the peer's answer to our last offer.
     *
     * @param answerSdp the SDP text of the answer
     * @return what was negotiated
     * @throws MediaException {@code INVALID_SDP} or {@code NO_COMMON_CODEC}
     */
    NegotiatedMedia applyAnswer(String answerSdp);

    /**
     * Applies the peer's answer to our last offer when it comes from another device than the
     * one whose RTP the endpoint latched to: a forked call whose early media came from one
     * contact and whose 2xx from another. RTP goes to the answer's address at once and that
     * address is latched (its RTP is taken, the early device's discarded); as with any latch, a
     * source that keeps sending after the latched one has been quiet a while takes over (NAT).
     *
     * <pre>{@code
     * endpoint.applyAnswer(earlySdpOfPhoneA);            // 183 from contact A: its ringback plays
     * endpoint.applyAnswerFromNewPeer(answerSdpOfPhoneB); // 200 from contact B: talk to B at once
     * }</pre>
     *
     * @param answerSdp the SDP text of the answer
     * @return what was negotiated
     * @throws MediaException {@code INVALID_SDP} or {@code NO_COMMON_CODEC}
     */
    NegotiatedMedia applyAnswerFromNewPeer(String answerSdp);

    /**
     * Answers the peer's offer: picks the first of the offered codecs we support, keeps the
     * offered telephone-event payload type, sets the remote address and returns our answer.
     *
     * @param offerSdp the SDP text of the offer
     * @return the SDP text of the answer
     * @throws MediaException {@code INVALID_SDP} or {@code NO_COMMON_CODEC}
     */
    String answer(String offerSdp);

    /** @return the negotiated media, empty before an offer/answer exchange */
    Optional<NegotiatedMedia> negotiated();

    /** @return the player of this endpoint */
    Player player();

    /**
     * Starts collecting DTMF keys, cancelling a collection already running on this endpoint.
     *
     * @param spec the collection rules
     * @return the running collection
     */
    DtmfCollector collectDigits(DigitCollectSpec spec);

    /**
     * Sends keys to the peer as RFC 4733 events (100 ms each, 40 ms apart), queued behind keys
     * already being sent. Does nothing if the peer did not negotiate telephone-event.
     *
     * @param digits keys from {@code 0-9 * # A-D}
     * @throws IllegalArgumentException on any other character
     */
    void sendDtmf(String digits);

    /**
     * @param listener called once per key received
     * @return closing it removes the listener
     */
    AutoCloseable addDtmfListener(DtmfListener listener);

    /**
     * Hands the audio heard from the peer to {@code listener}, 20 ms (160 samples of 8 kHz
     * 16-bit PCM, decoded from the negotiated law; silence where no packet came) every tick,
     * on the media clock's thread: the listener must return at once (queue the frame, never
     * decode or block there). Each frame is the listener's own copy. Used to feed a
     * {@link io.parley.api.speech.SpeechRecognizer}.
     *
     * <pre>{@code
     * try (AutoCloseable tap = endpoint.addAudioListener(session::accept)) {
     *     Thread.sleep(5000);                 // five seconds of the caller's speech
     * }
     * }</pre>
     *
     * @return closing it removes the listener
     */
    default AutoCloseable addAudioListener(java.util.function.Consumer<short[]> listener) {
        throw new UnsupportedOperationException("this endpoint does not hand out its audio");
    }

    /** @return the packet counters */
    EndpointStats stats();

    /** @return true once closed */
    boolean isClosed();

    /**
     * Closes the endpoint and frees its ports. Ends its playbacks, collection, recorders and
     * bridge. Safe to call more than once and from any thread.
     */
    @Override
    void close();
}
