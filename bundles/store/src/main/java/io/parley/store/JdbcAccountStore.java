package io.parley.store;

import io.parley.api.store.Account;
import io.parley.api.store.AccountStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.ehcache.Cache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Accounts and bearer-token hashes. Token lookups, made on every REST call, are cached for
 * a minute with their expiry; revoking a token or changing a password evicts at once.
 */
@Component(service = AccountStore.class)
public class JdbcAccountStore implements AccountStore {

    private final Jdbc jdbc;
    private final Cache<String, String> tokenOwners;

    @Activate
    public JdbcAccountStore(@Reference Database database, @Reference StoreCaches caches) {
        this.jdbc = database.jdbc();
        this.tokenOwners = caches.cache("token-owners", String.class, String.class, StoreCaches.TOKEN_TTL);
    }

    @Override
    public Optional<Account> find(String login) {
        return jdbc.one("SELECT login, role_name, password_hash, password_changed_at FROM account WHERE login = ?",
                rs -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs.getTimestamp(4))),
                login);
    }

    @Override
    public void insert(Account a) {
        jdbc.update("INSERT INTO account (login, role_name, password_hash, password_changed_at) VALUES (?, ?, ?, ?)",
                Map.of("account", "login"), a.login(), a.roleName(), a.passwordHash(), a.passwordChangedAt());
    }

    @Override
    public void updatePassword(String login, String passwordHash, Instant changedAt) {
        jdbc.update("UPDATE account SET password_hash = ?, password_changed_at = ? WHERE login = ?",
                passwordHash, changedAt, login);
        jdbc.update("DELETE FROM api_token WHERE login = ?", login);
        tokenOwners.clear();
    }

    @Override
    public void insertToken(String tokenHash, String login, Instant expiresAt) {
        jdbc.update("INSERT INTO api_token (token_hash, login, expires_at) VALUES (?, ?, ?)", tokenHash, login,
                expiresAt);
    }

    @Override
    public Optional<String> findTokenOwner(String tokenHash, Instant now) {
        // cached as "<expiry millis> <login>" so an expired token is refused even while cached
        String cached = tokenOwners.get(tokenHash);
        if (cached == null) {
            cached = jdbc.one("SELECT login, expires_at FROM api_token WHERE token_hash = ?",
                    rs -> Jdbc.instant(rs.getTimestamp(2)).toEpochMilli() + " " + rs.getString(1), tokenHash)
                    .orElse(null);
            if (cached == null) {
                return Optional.empty();
            }
            tokenOwners.put(tokenHash, cached);
        }
        int space = cached.indexOf(' ');
        boolean live = Long.parseLong(cached.substring(0, space)) > now.toEpochMilli();
        return live ? Optional.of(cached.substring(space + 1)) : Optional.empty();
    }

    @Override
    public void deleteToken(String tokenHash) {
        tokenOwners.remove(tokenHash);
        jdbc.update("DELETE FROM api_token WHERE token_hash = ?", tokenHash);
    }

    @Override
    public int deleteExpiredTokens(Instant now) {
        return jdbc.update("DELETE FROM api_token WHERE expires_at <= ?", now);
    }

    @Override
    public void deleteTokens(String login) {
        jdbc.update("DELETE FROM api_token WHERE login = ?", login);
        tokenOwners.clear();
    }
}
