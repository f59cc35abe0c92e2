package io.parley.api.media;

/**
 * The outcome of a DTMF collection.
 *
 * <pre>{@code
 * DigitCollectResult r = collector.result().toCompletableFuture().join();
 * if (r.outcome() == DigitCollectResult.Outcome.FIRST_DIGIT_TIMEOUT) { replayPrompt(); }
 * }</pre>
 *
 * @param digits the keys collected, in order, without the end key (may be empty)
 * @param outcome why the collection ended
 */
public record DigitCollectResult(String digits, Outcome outcome) {
    /** Why a collection ended. */
    public enum Outcome {
        /** {@code maxDigits} keys were collected. */
        MAX_DIGITS,
        /** The end key was pressed. */
        END_KEY,
        /** No key came within the first-digit timeout. */
        FIRST_DIGIT_TIMEOUT,
        /** Some keys came, then none within the inter-digit timeout. */
        INTER_DIGIT_TIMEOUT,
        /** {@link DtmfCollector#cancel()} was called. */
        CANCELLED,
        /** The endpoint was closed (the call ended). */
        ENDPOINT_CLOSED
    }
}
