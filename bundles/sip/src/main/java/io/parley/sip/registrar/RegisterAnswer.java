package io.parley.sip.registrar;

import io.parley.sip.auth.Digest;
import java.util.List;

/**
 * What the registrar answers to a {@link RegisterRequest}, before it is written as a SIP response by the
 * full stack or by {@link RegisterDatagram}.
 *
 * @param status     the status code: 200, 401, 403, 404, 400, 423, 500 or 503
 * @param challenges 401 only: one digest challenge per offered algorithm
 * @param contacts   200 only: every binding of the address of record and the seconds it has left
 * @param minExpires 423 only: the shortest interval accepted, else 0
 * @param retryAfter 503 only: seconds until the client may try again, else 0
 */
public record RegisterAnswer(int status, List<Challenge> challenges, List<Grant> contacts, int minExpires, int retryAfter) {

    /** A WWW-Authenticate digest challenge (qop auth). */
    public record Challenge(String realm, String nonce, String algorithm, boolean stale) {

        /** The header's value, as the stack writes it. */
        String value() {
            return "Digest realm=\"" + realm + "\",nonce=\"" + nonce + "\",algorithm=" + algorithm + ",qop=\"auth\""
                    + (stale ? ",stale=true" : "");
        }
    }

    /** A binding in a 200: Contact URI and its remaining seconds. */
    record Grant(String uri, int expires) {
    }

    static RegisterAnswer status(int status) {
        return new RegisterAnswer(status, List.of(), List.of(), 0, 0);
    }

    static RegisterAnswer challenge(List<Challenge> challenges) {
        return new RegisterAnswer(401, challenges, List.of(), 0, 0);
    }

    static RegisterAnswer ok(List<Grant> contacts) {
        return new RegisterAnswer(200, List.of(), contacts, 0, 0);
    }

    static RegisterAnswer intervalTooBrief(int minExpires) {
        return new RegisterAnswer(423, List.of(), List.of(), minExpires, 0);
    }

    static RegisterAnswer busy(int retryAfter) {
        return new RegisterAnswer(503, List.of(), List.of(), 0, retryAfter);
    }
}
