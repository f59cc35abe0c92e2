package io.parley.privacy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * SPEC §25: the middle four digits of the national number become {@code *}; a national number
 * of fewer than 7 digits is shown as it is. A canonical number ({@code 00} + country code +
 * national number) is split where its country code ends — country codes are prefix-free, and
 * which exist comes from libphonenumber's metadata — so the trunk 0 of a landline counts as a
 * national digit, as it is dialled. A number of the appliance's own country is shown national
 * ({@code 008618912348352} → {@code 189****8352}), any other keeps {@code 00} and its country code.
 *
 * <pre>{@code
 * Masking m = new Masking(canonical -> numbers.national(canonical));
 * m.mask("008618912348352");   // 189****8352
 * m.mask("004402079460000");   // 0044020****0000 (another country), or 020****0000 in the UK
 * }</pre>
 */
final class Masking {

    static final int MIN_DIGITS = 7;
    private static final Set<Integer> CALLING_CODES = PhoneNumberUtil.getInstance().getSupportedCallingCodes();

    /** Canonical → national for a number of the appliance's country, else the canonical number itself. */
    private final UnaryOperator<String> national;

    Masking(UnaryOperator<String> national) {
        this.national = national;
    }

    String mask(String number) {
        if (number == null || !number.matches("[0-9]+")) {
            return number;
        }
        if (number.startsWith("00")) {
            int cc = countryCodeLength(number);
            if (cc > 0) {
                String nationalDigits = number.substring(2 + cc);
                String domestic = nationalOrNull(number);
                return domestic != null && !domestic.startsWith("00") ? middle(domestic)
                        : number.substring(0, 2 + cc) + middle(nationalDigits);
            }
        }
        return middle(number);
    }

    private String nationalOrNull(String canonical) {
        try {
            return national.apply(canonical);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** 1..3 digits after {@code 00} that are a country calling code, or 0. */
    static int countryCodeLength(String canonical) {
        for (int len = 1; len <= 3 && canonical.length() > 2 + len; len++) {
            if (CALLING_CODES.contains(Integer.parseInt(canonical.substring(2, 2 + len)))) {
                return len;
            }
        }
        return 0;
    }

    /** The middle four of the digits as {@code *}; under 7 digits unchanged. */
    static String middle(String digits) {
        if (digits.length() < MIN_DIGITS) {
            return digits;
        }
        int start = (digits.length() - 4) / 2;
        return digits.substring(0, start) + "****" + digits.substring(start + 4);
    }
}
