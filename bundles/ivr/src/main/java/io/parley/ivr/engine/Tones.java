package io.parley.ivr.engine;

import io.parley.api.media.AudioClip;

/** The engine's own sounds: the voicemail beep and the system hold music played while a transfer rings. */
final class Tones {

    private static final AudioClip BEEP = beepClip();
    private static final AudioClip HOLD = holdClip();

    private Tones() {
    }

    static AudioClip beep() {
        return BEEP;
    }

    static AudioClip holdMusic() {
        return HOLD;
    }

    /** 1 kHz for 400 ms. */
    private static AudioClip beepClip() {
        short[] s = new short[AudioClip.SAMPLE_RATE * 2 / 5];
        tone(s, 0, s.length, 1000);
        return new AudioClip(s);
    }

    /** Two soft chimes and a pause, 3 s, like the SIP bundle's default hold sound. */
    private static AudioClip holdClip() {
        short[] s = new short[3 * AudioClip.SAMPLE_RATE];
        tone(s, 0, 2400, 523.25);
        tone(s, 3200, 2400, 659.25);
        return new AudioClip(s);
    }

    private static void tone(short[] s, int from, int length, double hz) {
        for (int i = 0; i < length; i++) {
            double envelope = Math.min(1.0, Math.min(i, length - i) / 400.0);
            s[from + i] = (short) (4000 * envelope * Math.sin(2 * Math.PI * hz * i / AudioClip.SAMPLE_RATE));
        }
    }
}
