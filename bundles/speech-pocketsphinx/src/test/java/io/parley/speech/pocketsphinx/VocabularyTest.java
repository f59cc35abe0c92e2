package io.parley.speech.pocketsphinx;

import static org.junit.Assert.assertEquals;

import io.parley.api.speech.WeightedWord;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class VocabularyTest {

    @Test
    public void aHeavierHotWordGetsALowerThresholdAndALongerPhraseLowerStill() {
        assertEquals(-20, Vocabulary.exponent("billing", 1));
        assertEquals(-24, Vocabulary.exponent("billing", 10));
        assertEquals(-25, Vocabulary.exponent("credit card", 1));
    }

    @Test
    public void wordsAreNormalisedMergedKeepingTheirHeaviestWeightAndUnknownOnesLeftOut() {
        Vocabulary.Built b = Vocabulary.build(List.of(new WeightedWord("Billing!", 1), new WeightedWord(" billing ", 9),
                new WeightedWord("Zqx-Parley", 10), new WeightedWord("  ", 5)), Set.of("billing")::contains);
        assertEquals(List.of(new Keyphrase("billing", -24)), b.phrases());
        assertEquals(List.of("zqx parley"), b.unknown());
    }
}
