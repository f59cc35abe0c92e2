package io.parley.api.ivr;

import java.time.Duration;

/**
 * How to collect DTMF digits: stop at {@code maxDigits}, at the {@code endKey}, or when a
 * timeout passes.
 *
 * <pre>{@code
 * DigitCollection menu = DigitCollection.singleKey(Duration.ofSeconds(5));
 * DigitCollection account = new DigitCollection(32, '#', Duration.ofSeconds(10), Duration.ofSeconds(5));
 * }</pre>
 *
 * @param maxDigits          1..64 (SPEC §8.10 max_digits)
 * @param endKey             key that ends input early ({@code '#'}), or {@code 0} for none
 * @param firstDigitTimeout  time allowed for the first key after the prompt ends
 * @param interDigitTimeout  time allowed between keys
 */
public record DigitCollection(int maxDigits, char endKey, Duration firstDigitTimeout, Duration interDigitTimeout) {

    public static DigitCollection singleKey(Duration timeout) {
        return new DigitCollection(1, (char) 0, timeout, timeout);
    }
}
