package io.parley.api.telephony;

/**
 * The appliance's one phone-number format (SPEC §0.2): {@code 00} + country code + the number
 * as dialled nationally, so a landline keeps the trunk 0 of its area code in every country
 * that dials one ({@code 004402079460000}, {@code 00490301234567}, {@code 008602187654321}),
 * a Chinese mobile has none ({@code 008613912345678}) and a NANP number is its ten digits
 * ({@code 0012125550100}). Input may be national (the appliance's default country code,
 * {@code defaultCountryCode} of {@code etc/io.parley.telephony.cfg}, is applied), {@code +CC…}
 * or {@code 00CC…}, with or without the trunk 0, with spaces, dashes, dots or brackets. Trunk
 * numbers, SIP Request-URI and From users, caller-number choices and blocklist entries all
 * pass through it, so a number stored is the number looked up. Obtained as
 * {@link NumberService}.
 *
 * <pre>{@code
 * numbers.canonical("number", "020 7946 0000");      // 004402079460000 with default country 44
 * numbers.canonical("number", "+44 20 7946 0000");   // 004402079460000 in any country
 * numbers.national("004402079460000");               // 02079460000 with default country 44
 * }</pre>
 */
public interface CanonicalNumbers {

    /**
     * The canonical form of a number as a person or a SIP peer wrote it.
     *
     * @param field  the request field named in the error, e.g. {@code numbers[0].number}
     * @param number digits, optionally {@code +} or {@code 00} and a country code first
     * @throws io.parley.api.error.InvalidException on {@code field}: empty, not digits, an unknown
     *                                              country code, or too short or long for a phone number
     */
    String canonical(String field, String number);

    /**
     * A canonical number as dialled from this appliance's country: the national form for a
     * number of the default country ({@code 008602187654321} → {@code 02187654321} with 86),
     * the canonical form itself ({@code 00}…) for any other.
     */
    String national(String canonicalNumber);
}
