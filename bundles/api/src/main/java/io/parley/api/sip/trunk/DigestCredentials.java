package io.parley.api.sip.trunk;

/**
 * A username and password a carrier's digest challenge is answered with (SPEC §1.3 carrier_account).
 *
 * <pre>{@code
 * new DigestCredentials(account.username(), account.password())
 * }</pre>
 */
public record DigestCredentials(String username, String password) {

    @Override
    public String toString() {
        // never the password in a log line
        return "DigestCredentials[" + username + "]";
    }
}
