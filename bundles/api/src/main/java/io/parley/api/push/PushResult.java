package io.parley.api.push;

/**
 * What happened to one delivery.
 *
 * @param delivered whether the destination accepted it
 * @param retryable when not delivered: whether trying again later may succeed
 * @param detail    e.g. {@code HTTP 503} or {@code connect timed out}
 */
public record PushResult(boolean delivered, boolean retryable, String detail) {

    public static PushResult ok() {
        return new PushResult(true, false, "delivered");
    }

    public static PushResult retryLater(String detail) {
        return new PushResult(false, true, detail);
    }

    public static PushResult rejected(String detail) {
        return new PushResult(false, false, detail);
    }
}
