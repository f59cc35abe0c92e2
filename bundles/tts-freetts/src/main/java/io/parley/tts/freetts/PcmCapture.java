package io.parley.tts.freetts;

import com.sun.speech.freetts.audio.AudioPlayer;

import java.io.ByteArrayOutputStream;

import javax.sound.sampled.AudioFormat;

/**
 * A FreeTTS audio "player" that keeps the rendered audio instead of opening a sound device
 * (an appliance has none), and hands it back as 16-bit samples.
 */
final class PcmCapture implements AudioPlayer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    private AudioFormat format;
    private float volume = 1.0f;

    /** @return the sample rate FreeTTS rendered at, in Hz */
    int sampleRate() {
        if (format == null) {
            throw new IllegalStateException("FreeTTS produced no audio format");
        }
        return Math.round(format.getSampleRate());
    }

    /** @return the captured audio as signed 16-bit mono samples */
    short[] samples() {
        if (format == null) {
            return new short[0];
        }
        if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1
                || format.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
            throw new IllegalStateException("unexpected FreeTTS audio format " + format);
        }
        byte[] b = bytes.toByteArray();
        short[] s = new short[b.length / 2];
        boolean big = format.isBigEndian();
        for (int i = 0; i < s.length; i++) {
            int hi = big ? b[2 * i] : b[2 * i + 1];
            int lo = (big ? b[2 * i + 1] : b[2 * i]) & 0xff;
            s[i] = (short) ((hi << 8) | lo);
        }
        return s;
    }

    @Override
    public void setAudioFormat(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public boolean write(byte[] audioData) {
        bytes.write(audioData, 0, audioData.length);
        return true;
    }

    @Override
    public boolean write(byte[] audioData, int offset, int size) {
        bytes.write(audioData, offset, size);
        return true;
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public void reset() {
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void begin(int size) {
    }

    @Override
    public boolean end() {
        return true;
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }

    @Override
    public float getVolume() {
        return volume;
    }

    @Override
    public void setVolume(float volume) {
        this.volume = volume;
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
}
