package io.parley.api.telephony;

/**
 * A phone with its freshly generated SIP password, returned once by create and by
 * {@code :reset-password}; the appliance keeps only digest HA1 values afterwards.
 */
public record IssuedPhone(SipPhone phone, String sipPassword) {
}
