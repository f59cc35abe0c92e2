package io.parley.api.media;

import java.net.InetSocketAddress;

/**
 * Counters of one endpoint, for monitoring and tests.
 *
 * <pre>{@code
 * EndpointStats s = endpoint.stats();
 * double loss = s.packetsExpected() == 0 ? 0 : (double) s.packetsLost() / s.packetsExpected();
 * }</pre>
 *
 * @param packetsSent RTP packets sent
 * @param packetsReceived RTP packets received from the latched source
 * @param packetsExpected packets the peer sent according to its sequence numbers
 * @param packetsLost {@code packetsExpected - packetsReceived}, not below zero
 * @param packetsDiscarded malformed packets, unknown payload types and packets from other sources
 * @param latchedSource the source address RTP is sent back to, or {@code null} before the first packet
 */
public record EndpointStats(long packetsSent, long packetsReceived, long packetsExpected, long packetsLost,
                            long packetsDiscarded, InetSocketAddress latchedSource) {
}
