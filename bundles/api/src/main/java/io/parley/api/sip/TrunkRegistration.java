package io.parley.api.sip;

import java.time.Instant;

/**
 * The appliance's registration to the carrier of a {@code carrier_account} channel (SPEC §1.2,
 * §1.5): refreshed before it expires, retried with a growing back-off when it fails.
 *
 * <pre>{@code
 * TrunkRegistration r = trunks.trunkStatus(7).orElseThrow().registration();
 * // registrar sip:sip.carrier.example:5060;transport=udp, registered until 2026-01-01T10:00:00Z
 * }</pre>
 *
 * @param registrar           the Request-URI registered to, e.g. {@code sip:sip.carrier.example:5060;transport=udp}
 * @param outboundProxy       host:port the REGISTER is routed through, or null
 * @param contact             the Contact the appliance registered (where the carrier sends calls)
 * @param registeredAt        when the carrier last accepted the registration, or null
 * @param expiresAt           when that registration lapses unless refreshed, or null when not registered
 * @param lastStatusCode      the status code of the last final answer (200, 403…), or null before any / after a timeout
 * @param lastError           why the last attempt failed, or null after a success
 * @param lastAttemptAt       when the last REGISTER was sent, or null
 * @param nextAttemptAt       when the next REGISTER (refresh or retry) is due, or null
 * @param consecutiveFailures failed attempts since the last success (drives the back-off)
 */
public record TrunkRegistration(String registrar, String outboundProxy, String contact, Instant registeredAt,
                                Instant expiresAt, Integer lastStatusCode, String lastError, Instant lastAttemptAt,
                                Instant nextAttemptAt, int consecutiveFailures) {
}
