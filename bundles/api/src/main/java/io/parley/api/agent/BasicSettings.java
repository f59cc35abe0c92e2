package io.parley.api.agent;

import java.util.Locale;

/**
 * Instance settings {@code {I}/settings/basic} (SPEC §14.1).
 *
 * <pre>{@code
 * BasicSettings s = status.basicSettings(instanceId);
 * if (s.defaultStatusAfterLogin() == BasicSettings.LoginStatus.BUSY) { ... }
 * }</pre>
 *
 * @param defaultStatusAfterLogin presence an agent gets at login: available (calls assigned at
 *                                once, the default) or busy (the agent sets itself available)
 */
public record BasicSettings(LoginStatus defaultStatusAfterLogin) {

    public static final BasicSettings DEFAULTS = new BasicSettings(LoginStatus.AVAILABLE);

    /** The presence states allowed right after login. */
    public enum LoginStatus {
        AVAILABLE, BUSY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
