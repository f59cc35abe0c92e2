package io.parley.api.speech;

import java.time.Duration;

/**
 * Audio in the appliance's internal format: 8 kHz, mono, signed 16-bit samples.
 *
 * <pre>{@code
 * PcmAudio second = new PcmAudio(new short[8000]);
 * Duration d = second.duration();   // PT1S
 * }</pre>
 */
public record PcmAudio(short[] samples) {

    public static final int SAMPLE_RATE = 8000;

    public Duration duration() {
        return Duration.ofMillis(samples.length * 1000L / SAMPLE_RATE);
    }
}
