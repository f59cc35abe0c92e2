package io.parley.api.media;

import java.time.Duration;

/**
 * The rules of one DTMF collection: how many keys, how long to wait, which key ends input.
 *
 * <pre>{@code
 * // up to 11 digits, 5 s for the first, 3 s between keys, '#' ends input early
 * DigitCollectSpec spec = new DigitCollectSpec(11, Duration.ofSeconds(5), Duration.ofSeconds(3), '#', true);
 * endpoint.collectDigits(spec).result().thenAccept(r -> route(r.digits()));
 * }</pre>
 *
 * @param maxDigits collection ends when this many digits were keyed, 1..64
 * @param firstDigitTimeout how long to wait for the first key
 * @param interDigitTimeout how long to wait after each key for the next one
 * @param endKey a key that ends the collection and is not part of the digits, or {@code null}
 * @param useTypeAhead true to start with the keys pressed since the last collection
 *        (e.g. the key that barged into the prompt)
 */
public record DigitCollectSpec(int maxDigits, Duration firstDigitTimeout, Duration interDigitTimeout,
                               Character endKey, boolean useTypeAhead) {
    /** Largest accepted {@code maxDigits}. */
    public static final int MAX_DIGITS = 64;

    /** Validates the limits. */
    public DigitCollectSpec {
        if (maxDigits < 1 || maxDigits > MAX_DIGITS) {
            throw new IllegalArgumentException("maxDigits must be 1.." + MAX_DIGITS + ": " + maxDigits);
        }
        if (firstDigitTimeout == null || firstDigitTimeout.isNegative() || firstDigitTimeout.isZero()) {
            throw new IllegalArgumentException("firstDigitTimeout must be positive");
        }
        if (interDigitTimeout == null || interDigitTimeout.isNegative() || interDigitTimeout.isZero()) {
            throw new IllegalArgumentException("interDigitTimeout must be positive");
        }
    }
}
