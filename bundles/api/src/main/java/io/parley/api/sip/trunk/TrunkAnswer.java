package io.parley.api.sip.trunk;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@link TrunkRequest}: its final response, or a transaction timeout (status 0).
 *
 * <pre>{@code
 * sip.send(register).answer().thenAccept(a -> {
 *     if (a.timedOut()) retryLater();
 *     else if (a.status() == 401) sendAgain(sip.authorization(a, register, user, password).orElseThrow());
 *     else if (a.status() / 100 == 2) registeredFor(a.contactExpires(myContact, 3600));
 * });
 * }</pre>
 *
 * @param status   the final status code, 0 for a timeout
 * @param reason   the reason phrase ("timeout" for a timeout)
 * @param headers  every header's values by lower-case name (Contact values one per contact)
 * @param contacts the Contact URIs with their {@code expires} parameter (-1 without one), in order
 * @param expires  the Expires header, or -1
 */
public record TrunkAnswer(int status, String reason, Map<String, List<String>> headers, List<Contact> contacts,
                          int expires) {

    /** One Contact of an answer: its URI and {@code expires} parameter (-1 when absent). */
    public record Contact(String uri, int expires) {
    }

    public TrunkAnswer {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    public static TrunkAnswer timeout() {
        return new TrunkAnswer(0, "timeout", Map.of(), List.of(), -1);
    }

    public boolean timedOut() {
        return status == 0;
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The expiry a registrar granted: {@code contact}'s expires parameter, else the only contact's,
     * else the Expires header, else {@code asked}.
     */
    public int contactExpires(String contact, int asked) {
        for (Contact c : contacts) {
            if (c.uri().equals(contact) && c.expires() >= 0) {
                return c.expires();
            }
        }
        if (contacts.size() == 1 && contacts.get(0).expires() >= 0) {
            return contacts.get(0).expires();
        }
        return expires > 0 ? expires : asked;
    }
}
