package io.parley.speech.pocketsphinx;

/**
 * A phrase to spot and its detection threshold {@code 1e<thresholdExponent>}: the ratio of the
 * phrase's likelihood to the phone loop's it must beat. Longer phrases need smaller thresholds;
 * a hot word's weight lowers it further.
 */
record Keyphrase(String phrase, int thresholdExponent) {
}
