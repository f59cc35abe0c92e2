package io.parley.api.speech;

import java.util.List;
import java.util.Optional;

/**
 * Keyword-oriented speech recognition for voice menus (SPEC §8.4). One session per
 * utterance: feed it 20 ms frames as they arrive, then ask for the final hypothesis.
 *
 * <pre>{@code
 * SpeechRecognizer.Session s = asr.open("en-US", hotWords);
 * frames.forEach(s::accept);
 * Optional<String> text = s.finish();
 * }</pre>
 */
public interface SpeechRecognizer {

    String engine();

    /** Opens a recognition session biased toward {@code hotWords}. */
    Session open(String language, List<WeightedWord> hotWords);

    /** One utterance being recognised. */
    interface Session extends AutoCloseable {

        /** Accepts the next 8 kHz 16-bit mono samples. */
        void accept(short[] frame);

        /** Ends the utterance; returns the final hypothesis, empty when nothing was understood. */
        Optional<String> finish();

        @Override
        void close();
    }
}
