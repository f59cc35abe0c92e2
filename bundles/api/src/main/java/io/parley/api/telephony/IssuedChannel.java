package io.parley.api.telephony;

/**
 * A channel with the gateway password generated for it (appliance_account mode), returned
 * once by create and by {@code :reset-password}; null in the other modes.
 */
public record IssuedChannel(SipChannel channel, String gatewayPassword) {
}
