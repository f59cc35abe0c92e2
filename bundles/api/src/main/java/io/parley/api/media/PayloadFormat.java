package io.parley.api.media;

/**
 * One payload format of an SDP media line: the number in {@code m=}, with its {@code a=rtpmap}
 * and optional {@code a=fmtp} values.
 *
 * <pre>{@code
 * PayloadFormat dtmf = new PayloadFormat(101, "telephone-event", 8000, "0-16");
 * // a=rtpmap:101 telephone-event/8000
 * // a=fmtp:101 0-16
 * }</pre>
 *
 * @param payloadType the RTP payload type, 0..127
 * @param encodingName the rtpmap encoding name ({@code PCMU}, {@code telephone-event} …),
 *        or the static name when the offer had no rtpmap
 * @param clockRate the rtpmap clock rate in Hz
 * @param fmtp the format parameters, or {@code null} when none
 */
public record PayloadFormat(int payloadType, String encodingName, int clockRate, String fmtp) {
    /** Encoding name of RFC 4733 named telephone events. */
    public static final String TELEPHONE_EVENT = "telephone-event";

    /** Checks the payload type range. */
    public PayloadFormat {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range 0..127: " + payloadType);
        }
        if (encodingName == null || encodingName.isBlank()) {
            throw new IllegalArgumentException("encoding name is empty");
        }
    }

    /** @return true if this is RFC 4733 telephone-event at 8 kHz */
    public boolean isTelephoneEvent() {
        return TELEPHONE_EVENT.equalsIgnoreCase(encodingName) && clockRate == 8000;
    }
}
