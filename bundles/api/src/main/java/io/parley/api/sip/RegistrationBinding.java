package io.parley.api.sip;

import java.time.Instant;

/**
 * One registered contact of a SIP phone.
 *
 * @param instanceId    the instance of the phone
 * @param extension     the phone's extension (its SIP user name)
 * @param contact       the Contact URI the phone registered, e.g. {@code sip:8001@192.0.2.7:5062}
 * @param sourceAddress ip:port the REGISTER came from (the NAT-visible address, used to reach the phone)
 * @param transport     {@code udp}, {@code tcp} or {@code tls}
 * @param userAgent     the User-Agent header, or null
 * @param callId        the Call-ID of the registration
 * @param registeredAt  when this binding was last refreshed
 * @param expiresAt     when it lapses unless refreshed
 */
public record RegistrationBinding(long instanceId, String extension, String contact, String sourceAddress,
                                  String transport, String userAgent, String callId, Instant registeredAt,
                                  Instant expiresAt) {
}
