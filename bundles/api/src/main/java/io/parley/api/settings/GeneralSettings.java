package io.parley.api.settings;

import io.parley.api.ivr.Prompt;
import java.util.Locale;

/**
 * General telephone settings, {@code {I}/settings/general}: hold audio (SPEC §21.1), number
 * protection (§25) with the number-to-user-ID mapping service (§26.1), and whether agents may
 * add callers to the blocklist (§24.1).
 *
 * <pre>{@code
 * GeneralSettings g = settings.general(instanceId);
 * if (g.numberProtection().mode() == GeneralSettings.ProtectionMode.MASK && g.numberProtection().maskInbound()) { ... }
 * }</pre>
 */
public record GeneralSettings(HoldAudio holdAudio, NumberProtection numberProtection, boolean allowAgentBlocklist) {

    public static final GeneralSettings DEFAULTS = new GeneralSettings(new HoldAudio(HoldMode.DEFAULT, null),
            new NumberProtection(ProtectionMode.NONE, false, false, null), false);

    public enum HoldMode {
        /** The built-in hold music loops. */
        DEFAULT,
        /** {@code prompt} loops. */
        CUSTOM;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param prompt TTS text or an approved audio file; required when {@code mode} is custom */
    public record HoldAudio(HoldMode mode, Prompt prompt) {
    }

    public enum ProtectionMode {
        NONE, MASK, MAP_TO_USER_ID;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param mode          none, mask or map_to_user_id (they exclude each other)
     * @param maskInbound   with mask: hide customer numbers on inbound calls
     * @param maskOutbound  with mask: hide customer numbers on outbound calls
     * @param userIdMapping the mapping service; required with map_to_user_id, else may be kept for later
     */
    public record NumberProtection(ProtectionMode mode, boolean maskInbound, boolean maskOutbound,
                                   UserIdMapping userIdMapping) {
    }

    public enum MappingAuth {
        BASIC, OAUTH2;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The customer's number-to-user-ID service (SPEC §26.1). Secrets are write-only: the API
     * never returns {@code password} or {@code oauth2.clientSecret}.
     *
     * @param requestUrl http(s) URL the appliance POSTs {@code PhoneToUID}/{@code UIDToPhone} to
     * @param auth       basic or oauth2
     * @param username   for basic
     * @param password   for basic (write-only)
     * @param oauth2     for oauth2 (client-credentials grant)
     */
    public record UserIdMapping(String requestUrl, MappingAuth auth, String username, String password,
                                OAuth2Client oauth2) {
    }

    /** OAuth2 client-credentials grant (SPEC §34 point 41); {@code clientSecret} is write-only. */
    public record OAuth2Client(String tokenUrl, String clientId, String clientSecret, String scope) {
    }
}
