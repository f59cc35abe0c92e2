package io.parley.media.internal.dtmf;

import java.util.Optional;

/**
 * The RFC 4733 §2.3 payload of a named telephone event: event code, end bit, volume and
 * duration in timestamp units.
 *
 * @param event 0..255 (0-9 digits, 10 '*', 11 '#', 12-15 A-D)
 * @param end the E bit: this packet reports the end of the event
 * @param volume power level in -dBm0, 0..63
 * @param duration duration so far in 8 kHz timestamp units, 0..65535
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    /** Payload size. */
    public static final int SIZE = 4;
    private static final String DIGITS = "0123456789*#ABCD";

    public TelephoneEvent {
        if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("telephone event out of range");
        }
    }

    /** @return the DTMF key of this event, empty for non-DTMF events (e.g. flash, tones) */
    public Optional<Character> digit() {
        return event < DIGITS.length() ? Optional.of(DIGITS.charAt(event)) : Optional.empty();
    }

    /** @return the event code of a DTMF key */
    public static int eventCode(char digit) {
        int i = DIGITS.indexOf(Character.toUpperCase(digit));
        if (i < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + digit + "'");
        }
        return i;
    }

    public static Optional<TelephoneEvent> parse(byte[] payload) {
        if (payload.length < SIZE) {
            return Optional.empty();
        }
        return Optional.of(new TelephoneEvent(payload[0] & 0xFF, (payload[1] & 0x80) != 0, payload[1] & 0x3F,
                (payload[2] & 0xFF) << 8 | payload[3] & 0xFF));
    }

    public void writeTo(byte[] out, int off) {
        out[off] = (byte) event;
        out[off + 1] = (byte) ((end ? 0x80 : 0) | volume);
        out[off + 2] = (byte) (duration >> 8);
        out[off + 3] = (byte) duration;
    }
}
