package io.parley.speech.pocketsphinx;

import io.parley.api.speech.WeightedWord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns the words a recognition listens for into keyphrases with detection thresholds. The
 * base threshold {@code 1e-20} was the best trade on the bench's G.711 corpus (held-out voices: 75 % recall,
 * 12.5 % false accepts, bench/speech/README.md); a hot word's weight 1..10 lowers it by up to
 * four decades, so a heavy word is detected more readily. Words the pronunciation dictionary
 * does not know are left out (PocketSphinx would refuse the whole list).
 */
final class Vocabulary {

    static final int BASE_EXPONENT = -20;

    private Vocabulary() {
    }

    record Built(List<Keyphrase> phrases, List<String> unknown) {
    }

    static Built build(List<WeightedWord> words, Predicate<String> known) {
        Map<String, Integer> best = new LinkedHashMap<>();
        for (WeightedWord w : words) {
            String phrase = normalise(w.word());
            if (!phrase.isEmpty()) {
                best.merge(phrase, Math.max(1, Math.min(10, w.weight())), Math::max);
            }
        }
        List<Keyphrase> phrases = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        best.forEach((phrase, weight) -> {
            if (known.test(phrase)) {
                phrases.add(new Keyphrase(phrase, exponent(phrase, weight)));
            } else {
                unknown.add(phrase);
            }
        });
        return new Built(phrases, unknown);
    }

    /** Weight 1 keeps the base threshold; each two further points lower it a decade; each further word five. */
    static int exponent(String phrase, int weight) {
        int words = phrase.split(" ").length;
        return BASE_EXPONENT - (weight - 1) / 2 - 5 * (words - 1);
    }

    /** Lower case, letters, digits and apostrophes; words separated by one space. */
    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim().replaceAll(" +", " ");
    }
}
