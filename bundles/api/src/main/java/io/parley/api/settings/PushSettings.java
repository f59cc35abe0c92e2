package io.parley.api.settings;

import io.parley.api.settings.GeneralSettings.OAuth2Client;
import java.util.Locale;

/**
 * Data push of an instance, {@code {I}/settings/push} (SPEC §29.3): where CDRs, recordings and
 * voicemail are pushed and which of them. The push bundle reads it for every delivery, so a
 * change applies to the items still queued.
 *
 * <pre>{@code
 * PushSettings p = settings.push(instanceId);
 * if (p.enabled() && p.pushCdr()) outbox.enqueue(instanceId, "cdr", sessionId, json);
 * }</pre>
 *
 * @param enabled       whether anything is pushed
 * @param url           https URL (plain http only to a loopback address); required when enabled with the http sink
 * @param auth          none, basic or oauth2
 * @param username      for basic
 * @param password      for basic (write-only)
 * @param oauth2        for oauth2: client-credentials grant, as in §26.1 (client_secret write-only)
 * @param pushCdr       a CDR is pushed when the session ends
 * @param pushRecording recording metadata and its download URL are pushed when it is ready
 * @param pushVoicemail voicemail metadata and its download URL are pushed when it is ready
 * @param sink          the {@code PushSink} kind that delivers ({@code http} by default; an integrator's
 *                      bundle adds others, e.g. {@code file})
 */
public record PushSettings(boolean enabled, String url, PushAuth auth, String username, String password,
                           OAuth2Client oauth2, boolean pushCdr, boolean pushRecording, boolean pushVoicemail,
                           String sink) {

    public static final String HTTP_SINK = "http";

    public static final PushSettings DEFAULTS = new PushSettings(false, null, PushAuth.NONE, null, null, null,
            false, false, false, HTTP_SINK);

    /** Whether items of {@code kind} ({@code cdr}, {@code recording}, {@code voicemail}) are pushed. */
    public boolean pushes(String kind) {
        return enabled && switch (kind) {
            case "cdr" -> pushCdr;
            case "recording" -> pushRecording;
            case "voicemail" -> pushVoicemail;
            default -> false;
        };
    }

    public enum PushAuth {
        NONE, BASIC, OAUTH2;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
