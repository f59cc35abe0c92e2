package io.parley.api.sip;

import java.time.Instant;

/**
 * One {@code public_trunk} peer as the OPTIONS keepalive sees it (SPEC §34 p4): probed every
 * 30 s (configurable); three consecutive misses (no answer, a timeout or a 5xx) make it
 * unreachable, one answer makes it reachable again.
 *
 * <pre>{@code
 * for (PeerReachability p : trunks.trunkStatus(7).orElseThrow().peers()) {
 *     System.out.println(p.ip() + ":" + p.port() + (p.reachable() ? " up, " + p.roundTripMillis() + " ms" : " down"));
 * }
 * }</pre>
 *
 * @param ip                  the peer's address
 * @param port                its SIP port
 * @param reachable           answered recently (false until the first answer)
 * @param consecutiveFailures misses since the last answer
 * @param lastProbeAt         when the last OPTIONS was sent, or null
 * @param lastAnswerAt        when the peer last answered, or null
 * @param roundTripMillis     the last answer's round trip, or null
 * @param lastStatusCode      the last answer's status code, or null
 * @param lastError           why the last probe failed, or null
 */
public record PeerReachability(String ip, int port, boolean reachable, int consecutiveFailures, Instant lastProbeAt,
                               Instant lastAnswerAt, Long roundTripMillis, Integer lastStatusCode, String lastError) {
}
