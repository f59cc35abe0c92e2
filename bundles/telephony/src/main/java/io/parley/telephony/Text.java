package io.parley.telephony;

import io.parley.api.error.InvalidException;

/** Rules for free-text fields shared by every aggregate. */
final class Text {

    private Text() {
    }

    /**
     * A required single-line name: trimmed, 1..{@code max} characters, no control characters.
     */
    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidException(field, "is required (1.." + max + " characters)");
        }
        String v = value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            throw new InvalidException(field, "must be 1.." + max + " characters");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidException(field, "must not contain control characters");
        }
        return v;
    }
}
