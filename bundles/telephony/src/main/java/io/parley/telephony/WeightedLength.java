package io.parley.telephony;

/**
 * SPEC §0.2 weighted length: each CJK ideograph counts 2 units, any other character 1.
 */
final class WeightedLength {

    private WeightedLength() {
    }

    static int of(String s) {
        return s.codePoints().map(cp -> isCjk(cp) ? 2 : 1).sum();
    }

    static boolean isCjk(int codePoint) {
        return Character.isIdeographic(codePoint)
                || Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }
}
