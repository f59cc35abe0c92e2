package io.parley.api.telephony;

import java.time.Instant;

/**
 * A SIP desk or soft phone of an instance (SPEC §12.1), addressed by its extension.
 *
 * <pre>{@code
 * IssuedPhone issued = phones.create(instanceId, new SipPhoneDraft("8001", "Reception", null, null, null, null));
 * SipPhone p = issued.phone();   // p.digest() is what the registrar checks
 * }</pre>
 *
 * @param id           internal id
 * @param instanceId   the owning instance
 * @param extension    4–6 digits, first 1–8; unique across phones and skill groups; immutable; also the SIP user
 * @param name         1..32 characters
 * @param binding      none, an agent or skill groups
 * @param transport    {@code tls} (default), {@code tcp} or {@code udp}
 * @param digest       HA1 values of the current password; the password itself is not kept
 * @param registration live registration (see {@link PhoneRegistration})
 * @param createdAt    creation time
 */
public record SipPhone(long id, long instanceId, String extension, String name, PhoneBinding binding, String transport,
                       SipDigest digest, PhoneRegistration registration, Instant createdAt) {
}
