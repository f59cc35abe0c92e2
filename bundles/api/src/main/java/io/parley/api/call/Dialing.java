package io.parley.api.call;

import java.util.concurrent.CompletionStage;

/**
 * A leg being placed: its ids at once, its outcome later.
 *
 * <pre>{@code
 * Dialing d = callControl.dial(callId, Destination.phone(instanceId, "8001"));
 * d.outcome().thenAccept(leg -> log.info("{} {}", leg.state(), leg.failureStatus()));
 * }</pre>
 *
 * @param callId  the call the leg belongs to
 * @param legId   the new leg's id
 * @param outcome completes once the leg is answered (state {@code answered}) or has failed
 *                (state {@code ended} with a §27.2 {@code failureStatus}); completed on a SIP
 *                thread, so blocking work belongs in the {@code ...Async} variants
 */
public record Dialing(String callId, String legId, CompletionStage<LegInfo> outcome) {
}
