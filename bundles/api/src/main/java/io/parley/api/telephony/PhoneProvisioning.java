package io.parley.api.telephony;

/**
 * The values to type into a desk phone (SPEC §12.2 {@code GET …/{ext}/provisioning}). The
 * password is not among them: it is shown once, at creation or reset.
 */
public record PhoneProvisioning(String displayName, String username, String authName, String registrar,
                                String outboundProxy1, String outboundProxy2, String transport,
                                int registrationExpirySeconds) {
}
