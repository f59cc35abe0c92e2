package io.parley.api.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings pages {@code {I}/settings/<section>} this package serves, with the permission of
 * SPEC §5.2 each needs: {@code inbound} (§15.1) and {@code general} (§21.1, §24, §25, §26) belong
 * to {@code telephony_settings}; {@code outbound} (§11.1) to {@code numbers}; {@code push} (§29.3) to
 * {@code storage}.
 *
 * <pre>{@code
 * SettingsSection s = SettingsSection.fromWire("inbound").orElseThrow();
 * }</pre>
 */
public enum SettingsSection {
    INBOUND, OUTBOUND, GENERAL, PUSH, STORAGE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SettingsSection> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}
