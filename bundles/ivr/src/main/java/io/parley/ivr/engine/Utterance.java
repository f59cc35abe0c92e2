package io.parley.ivr.engine;

import io.parley.api.speech.SpeechRecognizer;
import java.util.concurrent.CompletableFuture;

/**
 * Feeds the caller's audio to a recognition and tells when the caller has finished speaking:
 * speech is three frames in a row above an energy floor, its end {@value #END_SILENCE_FRAMES}
 * frames (800 ms) below it, or {@value #MAX_SPEECH_FRAMES} frames (15 s) after its start. Runs on
 * the media clock's thread, so it only measures and hands the frame on (the recogniser queues
 * it).
 */
final class Utterance {

    // RMS of a 20 ms frame above which it counts as speech: about -36 dBFS, well above line noise
    static final double SPEECH_RMS = 500;
    static final int START_FRAMES = 3;
    static final int END_SILENCE_FRAMES = 40;
    static final int MAX_SPEECH_FRAMES = 750;

    private final SpeechRecognizer.Session session;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private int loud;
    private int quiet;
    private int spoken;
    private volatile boolean started;

    Utterance(SpeechRecognizer.Session session) {
        this.session = session;
    }

    void accept(short[] frame) {
        if (ended.isDone()) {
            return;
        }
        session.accept(frame);
        boolean speech = rms(frame) >= SPEECH_RMS;
        if (!started) {
            loud = speech ? loud + 1 : 0;
            started = loud >= START_FRAMES;
            return;
        }
        spoken++;
        quiet = speech ? 0 : quiet + 1;
        if (quiet >= END_SILENCE_FRAMES || spoken >= MAX_SPEECH_FRAMES) {
            ended.complete(null);
        }
    }

    /** Completes when the caller has spoken and then fallen silent. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** True once the caller started speaking. */
    boolean started() {
        return started;
    }

    static double rms(short[] frame) {
        double sum = 0;
        for (short s : frame) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, frame.length));
    }
}
