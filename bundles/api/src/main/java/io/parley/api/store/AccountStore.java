package io.parley.api.store;

import java.time.Instant;
import java.util.Optional;

/** Persistence of accounts and of the bearer tokens issued to them (stored as hashes only). */
public interface AccountStore {

    Optional<Account> find(String login);

    /** @throws io.parley.api.error.ConflictException when the login exists */
    void insert(Account account);

    /** Sets a new password hash and drops every token of the account. */
    void updatePassword(String login, String passwordHash, Instant changedAt);

    void insertToken(String tokenHash, String login, Instant expiresAt);

    /** The login a live token belongs to. */
    Optional<String> findTokenOwner(String tokenHash, Instant now);

    void deleteToken(String tokenHash);

    /** Removes expired tokens; returns how many. */
    int deleteExpiredTokens(Instant now);

    /** Drops every token of the account (the account is logged out everywhere). */
    void deleteTokens(String login);
}
