package io.parley.api.media;

import java.util.concurrent.CompletionStage;

/**
 * A running DTMF collection on one endpoint, started by
 * {@link RtpEndpoint#collectDigits(DigitCollectSpec)}. Only one collection runs per endpoint;
 * starting another cancels the previous one.
 *
 * <pre>{@code
 * DtmfCollector c = endpoint.collectDigits(spec);
 * c.result().thenAccept(r -> flow.onDigits(r.digits(), r.outcome()));
 * // on hang-up or flow change:
 * c.cancel();
 * }</pre>
 *
 * <p>The result is completed on a media thread: dependent actions that block must use the
 * {@code ...Async} variants.
 */
public interface DtmfCollector {
    /** @return completes once with the keys and why the collection ended */
    CompletionStage<DigitCollectResult> result();

    /** Ends the collection with {@code CANCELLED}; does nothing if it already ended. */
    void cancel();
}
