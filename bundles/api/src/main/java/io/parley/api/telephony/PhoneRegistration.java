package io.parley.api.telephony;

/**
 * The live registration of a SIP phone (SPEC §12.1), reported by the SIP registrar. Until
 * that exists every phone reads {@link #NOT_REGISTERED}.
 *
 * @param registrationStatus {@code registered} or {@code not_registered}
 * @param authStatus         {@code ok}, {@code failed} or {@code unknown}: the last attempt's result
 * @param clientAddress      ip:port of the current registration, or null
 * @param brandModel         the SIP User-Agent of the registered device, or null
 * @param status             presence: {@code available}, {@code busy} or {@code offline}
 */
public record PhoneRegistration(String registrationStatus, String authStatus, String clientAddress, String brandModel,
                                String status) {

    public static final PhoneRegistration NOT_REGISTERED =
            new PhoneRegistration("not_registered", "unknown", null, null, "offline");
}
