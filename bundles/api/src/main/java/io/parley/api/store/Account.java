package io.parley.api.store;

import java.time.Instant;

/**
 * A login of the REST API and its hashed password. The bootstrap administrator is one;
 * agents become accounts of their own once they exist.
 *
 * @param login             login name ({@code admin}, or an agent's email)
 * @param roleName          the role whose permissions the account holds
 * @param passwordHash      self-describing hash, e.g. {@code pbkdf2-sha256$210000$salt$hash}
 * @param passwordChangedAt when the password was last set
 */
public record Account(String login, String roleName, String passwordHash, Instant passwordChangedAt) {
}
