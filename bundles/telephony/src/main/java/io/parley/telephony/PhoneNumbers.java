package io.parley.telephony;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.parley.api.error.InvalidException;
import io.parley.api.telephony.CanonicalNumbers;
import java.util.regex.Pattern;

/**
 * The one implementation of the canonical number form (SPEC §0.2), on Google's libphonenumber:
 * which digits are the country code, whether a country dials a trunk prefix before the area
 * code (0 in the UK, Germany and China, none in the NANP, a 0 that belongs to the number in
 * Italy), which numbers skip it (Chinese mobiles) and how long an area code is all come from
 * its metadata, which is kept up to date for every country; a table of our own would cover the
 * few countries we tested. The national digits are libphonenumber's national format without its
 * punctuation, so {@code 020 7946 0000}, {@code +44 20 7946 0000} and {@code 0044 020 7946 0000}
 * are one number, {@code 004402079460000}. Public so that the sip and directory tests prove
 * their callers against the real function.
 *
 * <pre>{@code
 * PhoneNumbers uk = new PhoneNumbers("44");
 * uk.canonical("number", "+44 20 7946 0000");   // 004402079460000
 * uk.national("004402079460000");               // 02079460000
 * }</pre>
 */
public final class PhoneNumbers implements CanonicalNumbers {

    static final String FORMAT = "must be a phone number of digits, e.g. 02187654321, +862187654321 or 00862187654321";
    private static final Pattern SEPARATORS = Pattern.compile("[\\s.()\\-]");
    private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9]{1,32}");
    /** 00, then 6..22 digits: country code and national number (the stored column's bound). */
    private static final Pattern CANONICAL = Pattern.compile("00[1-9][0-9]{5,21}");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String countryCode;
    private final String region;

    /**
     * @param defaultCountryCode the country code of national input, 1-3 digits of a country
     * @throws IllegalArgumentException not the code of a country libphonenumber knows
     */
    public PhoneNumbers(String defaultCountryCode) {
        if (defaultCountryCode == null || !defaultCountryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("defaultCountryCode must be 1-3 digits: " + defaultCountryCode);
        }
        String r = util.getRegionCodeForCountryCode(Integer.parseInt(defaultCountryCode));
        if (r == null || r.equals("ZZ") || r.equals(PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY)) {
            throw new IllegalArgumentException("defaultCountryCode " + defaultCountryCode + " is not a country's code");
        }
        this.countryCode = defaultCountryCode;
        this.region = r;
    }

    /** A number taken apart: its country code, its national dialled digits and libphonenumber's view of it. */
    record Parsed(int countryCode, String nationalDigits, PhoneNumber number) {
        String canonical() {
            return "00" + countryCode + nationalDigits;
        }
    }

    @Override
    public String canonical(String field, String number) {
        return parse(field, number).canonical();
    }

    @Override
    public String national(String canonicalNumber) {
        String own = "00" + countryCode;
        return canonicalNumber != null && canonicalNumber.startsWith(own) ? canonicalNumber.substring(own.length())
                : canonicalNumber;
    }

    String defaultCountryCode() {
        return countryCode;
    }

    Parsed parse(String field, String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidException(field, "is required");
        }
        String v = SEPARATORS.matcher(input.strip()).replaceAll("");
        if (!WRITTEN.matcher(v).matches()) {
            throw new InvalidException(field, FORMAT);
        }
        PhoneNumber n;
        try {
            // 00 is the international prefix in SPEC §0.2 whatever the default country dials abroad
            n = v.startsWith("+") ? util.parse(v, "ZZ")
                    : v.startsWith("00") ? util.parse("+" + v.substring(2), "ZZ") : util.parse(v, region);
        } catch (NumberParseException e) {
            throw new InvalidException(field, switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> "has no known country code after + or 00 (" + input.strip() + ")";
                case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "is too short for a phone number";
                case TOO_LONG -> "is too long for a phone number";
                default -> FORMAT;
            });
        }
        PhoneNumberUtil.ValidationResult length = util.isPossibleNumberWithReason(n);
        if (length == PhoneNumberUtil.ValidationResult.TOO_SHORT || length == PhoneNumberUtil.ValidationResult.TOO_LONG) {
            // numbers of a new range pass (only the lengths of the country's plan are checked), a 5-digit one does not
            throw new InvalidException(field, "is too " + (length == PhoneNumberUtil.ValidationResult.TOO_SHORT ? "short"
                    : "long") + " for a phone number of country code " + n.getCountryCode());
        }
        if (length == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
            throw new InvalidException(field, "is too short: a local number needs its area code (country code "
                    + n.getCountryCode() + ")");
        }
        String national = util.format(n, PhoneNumberFormat.NATIONAL).replaceAll("[^0-9]", "");
        if (!util.isValidNumber(n)) {
            // outside the numbering plan (a new range, a test number) libphonenumber writes the bare
            // national significant number; a country that dials a trunk 0 gets it, as its landlines do
            String nsn = util.getNationalSignificantNumber(n);
            String trunk = util.getNddPrefixForRegion(util.getRegionCodeForCountryCode(n.getCountryCode()), true);
            national = "0".equals(trunk) && !nsn.startsWith("0") ? "0" + nsn : nsn;
        }
        Parsed p = new Parsed(n.getCountryCode(), national, n);
        if (!CANONICAL.matcher(p.canonical()).matches()) {
            throw new InvalidException(field, national.length() < 4 ? "is too short for a phone number"
                    : "is too long for a phone number");
        }
        return p;
    }

    /** A mobile number by its country's numbering plan (NANP numbers can be either and are not). */
    boolean isMobile(Parsed p) {
        return util.getNumberType(p.number()) == PhoneNumberType.MOBILE;
    }

    /**
     * The area code as dialled nationally, trunk prefix included ({@code 021} for Shanghai,
     * {@code 020} for London, {@code 030} for Berlin, {@code 212} for Manhattan); null where
     * the numbering plan names none.
     */
    String areaCode(Parsed p) {
        int ndc = util.getLengthOfNationalDestinationCode(p.number());
        String nsn = util.getNationalSignificantNumber(p.number());
        if (ndc <= 0 || !p.nationalDigits().endsWith(nsn)) {
            return null;
        }
        int trunk = p.nationalDigits().length() - nsn.length();
        return p.nationalDigits().substring(0, trunk + ndc);
    }
}
