package io.parley.api.error;

/**
 * The rule every free-text name of the SPEC shares (agent, role, group, channel, phone, audio
 * names…): trimmed, 1..max characters, no control characters. Written once here so every
 * manager words the violation alike.
 *
 * <pre>{@code
 * String name = TextRules.required("name", draft.name(), 32);   // "  Sales " -> "Sales"
 * }</pre>
 */
public final class TextRules {

    private TextRules() {
    }

    /**
     * @return the value without surrounding white space
     * @throws InvalidException naming {@code field} when the value is missing, too long or has
     *                          control characters
     */
    public static String required(String field, String value, int max) {
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
