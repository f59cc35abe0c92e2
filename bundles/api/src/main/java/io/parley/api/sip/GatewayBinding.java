package io.parley.api.sip;

import java.time.Instant;

/**
 * One registered contact of the gateway (or IP-PBX) of an {@code appliance_account} channel
 * (SPEC §1.2, §1.5): where outbound calls of that channel are sent.
 *
 * <pre>{@code
 * for (GatewayBinding b : registrar.gatewayBindings(channelId)) {
 *     send(invite, b.contact(), b.sourceAddress(), b.transport());   // e.g. sip:gw@192.0.2.9:5060, 192.0.2.9:5060, udp
 * }
 * }</pre>
 *
 * @param channelId     the channel whose gateway registered
 * @param username      the channel's generated gateway username, e.g. {@code gateway812345678}
 * @param contact       the Contact URI the gateway registered
 * @param sourceAddress ip:port the REGISTER came from (the NAT-visible address, used to reach the gateway)
 * @param transport     {@code udp}, {@code tcp} or {@code tls}
 * @param userAgent     the User-Agent header, or null
 * @param callId        the Call-ID of the registration
 * @param registeredAt  when this binding was last refreshed
 * @param expiresAt     when it lapses unless refreshed
 */
public record GatewayBinding(long channelId, String username, String contact, String sourceAddress, String transport,
                             String userAgent, String callId, Instant registeredAt, Instant expiresAt) {
}
