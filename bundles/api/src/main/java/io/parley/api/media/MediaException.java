package io.parley.api.media;

/**
 * A media operation that cannot be done, with the kind of failure so that callers can map it
 * (e.g. {@link Kind#NO_COMMON_CODEC} to SIP 488, {@link Kind#PORTS_EXHAUSTED} to SIP 503).
 * Expected failures: it carries no stack trace.
 *
 * <pre>{@code
 * try {
 *     answer = endpoint.answer(offer);
 * } catch (MediaException e) {
 *     if (e.kind() == MediaException.Kind.NO_COMMON_CODEC) { reply(488); }
 * }
 * }</pre>
 */
public class MediaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of media failure. */
    public enum Kind {
        /** No free RTP port pair in the configured range. */
        PORTS_EXHAUSTED,
        /** The SDP text is not valid SDP. */
        INVALID_SDP,
        /** The offer has no audio stream with PCMU or PCMA. */
        NO_COMMON_CODEC,
        /** The endpoint is already closed. */
        ENDPOINT_CLOSED,
        /** A socket or file operation failed. */
        IO,
        /** Text to speech was asked for but no {@code TextToSpeech} service is installed. */
        TTS_UNAVAILABLE
    }

    private final Kind kind;

    /**
     * @param kind the failure kind
     * @param message what failed, for logs and error bodies
     */
    public MediaException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** @return the failure kind */
    public Kind kind() {
        return kind;
    }
}
