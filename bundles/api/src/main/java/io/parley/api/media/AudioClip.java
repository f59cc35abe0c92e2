package io.parley.api.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A piece of audio in Parley's one internal format: 8 kHz, mono, signed 16-bit linear PCM.
 * Approved audio files and text-to-speech output are stored in this format, so playing them
 * needs no resampling.
 *
 * <pre>{@code
 * AudioClip welcome = AudioClip.ofPcm16Le(Files.readAllBytes(rawPcmFile));
 * Duration d = welcome.duration(); // samples / 8000
 * }</pre>
 *
 * @param samples the PCM samples; the array is not copied, callers must not change it afterwards
 */
public record AudioClip(short[] samples) {
    /** Samples per second of every clip. */
    public static final int SAMPLE_RATE = 8000;

    /** Rejects a missing sample array. */
    public AudioClip {
        if (samples == null) {
            throw new IllegalArgumentException("samples is null");
        }
    }

    /**
     * @param pcm16le raw little-endian 16-bit samples, as in the data chunk of a WAV file
     * @return the clip
     */
    public static AudioClip ofPcm16Le(byte[] pcm16le) {
        short[] s = new short[pcm16le.length / 2];
        ByteBuffer.wrap(pcm16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return new AudioClip(s);
    }

    /** @return the play time of the clip */
    public Duration duration() {
        return Duration.ofNanos(samples.length * 1_000_000_000L / SAMPLE_RATE);
    }
}
