package io.parley.api.ivr;

import java.time.Duration;

/**
 * A message the caller left (SPEC §8.14), stored with the call as a mono WAV and attached
 * to its service record ({@code voicemail: {id, duration_s}}, SPEC §27.1).
 *
 * <pre>{@code
 * Voicemail vm = ctx.recordVoicemail(Duration.ofSeconds(60), '#');
 * vm.stoppedBy();   // "end_key", "max_duration" or "hang_up"
 * }</pre>
 *
 * @param recordingId id under which the WAV is stored with the call
 * @param length      how long the message is
 * @param stoppedBy   {@link #END_KEY}, {@link #MAX_DURATION} or {@link #HANG_UP}
 */
public record Voicemail(String recordingId, Duration length, String stoppedBy) {

    public static final String END_KEY = "end_key";
    public static final String MAX_DURATION = "max_duration";
    public static final String HANG_UP = "hang_up";
}
