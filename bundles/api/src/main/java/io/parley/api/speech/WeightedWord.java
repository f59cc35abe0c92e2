package io.parley.api.speech;

/**
 * A hot word (SPEC §17) with its weight 1..10 that biases recognition toward it.
 */
public record WeightedWord(String word, int weight) {
}
