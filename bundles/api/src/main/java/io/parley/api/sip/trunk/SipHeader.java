package io.parley.api.sip.trunk;

import java.util.Objects;

/**
 * One SIP header as text, e.g. {@code new SipHeader("P-Asserted-Identity", "<sip:+442079460000@carrier.example>")}.
 *
 * @param name  the header name as sent
 * @param value its value (without the name and colon)
 */
public record SipHeader(String name, String value) {

    public SipHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
