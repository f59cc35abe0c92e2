package io.parley.directory;

import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.auth.Caller;
import io.parley.api.auth.IssuedToken;
import io.parley.api.auth.Permission;
import io.parley.api.error.AuthenticationException;
import io.parley.api.error.InvalidException;
import io.parley.api.role.Role;
import io.parley.api.store.Account;
import io.parley.api.store.AccountStore;
import io.parley.api.store.AgentStore;
import io.parley.api.store.RoleStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password and bearer-token authentication, and the bootstrap administrator.
 *
 * <p>At first start the account {@code admin} is created with the password from the
 * environment variable {@code PARLEY_ADMIN_PASSWORD} or, without it, a generated one that
 * is logged once and kept in {@code <karaf.data>/parley/initial-admin-password} (readable
 * by root only) until it is changed, so {@code parley:admin-password} can show it again.
 * The database holds only hashes.
 */
@Component(service = AuthenticationService.class, configurationPid = AuthConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthConfig.class)
public class AuthenticationManager implements AuthenticationService {

    static final String ADMIN_LOGIN = "admin";
    /** The operator shell's token lives for one REST request. */
    private static final Duration OPERATOR_TOKEN_TTL = Duration.ofMinutes(1);
    static final String ADMINISTRATOR_ROLE = "Administrator";
    static final String ADMIN_PASSWORD_ENV = "PARLEY_ADMIN_PASSWORD";
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    static final int PASSWORD_MIN = 12;
    static final int PASSWORD_MAX = 128;
    private static final int GENERATED_PASSWORD_LENGTH = 20;
    /** Bound on remembered Basic verifications, so a flood of guesses cannot grow memory. */
    private static final int VERIFIED_CACHE_MAX = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationManager.class);

    private final AccountStore accounts;
    private final AgentStore agents;
    private final RoleStore roles;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();
    private final Duration tokenTtl;
    private final Path initialPasswordFile;
    /**
     * Basic authentication runs PBKDF2 (deliberately slow) on every request; a verified
     * (login, password, stored hash) triple is remembered so scripts stay fast. A password
     * change alters the stored hash and so misses this cache.
     */
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    @Activate
    public AuthenticationManager(@Reference AccountStore accounts, @Reference AgentStore agents,
                                 @Reference RoleStore roles, AuthConfig config) {
        this(accounts, agents, roles, config, Path.of(System.getProperty("karaf.data", "data"), "parley"),
                System::getenv);
    }

    AuthenticationManager(AccountStore accounts, AgentStore agents, RoleStore roles, AuthConfig config,
                          Path dataDirectory, Function<String, String> env) {
        this.accounts = accounts;
        this.agents = agents;
        this.roles = roles;
        this.hasher = new PasswordHasher(random);
        int ttl = config.tokenTtlMinutes();
        if (ttl < 1 || ttl > 43_200) {
            throw new IllegalArgumentException(AuthConfig.PID + " tokenTtlMinutes must be 1..43200, is " + ttl);
        }
        this.tokenTtl = Duration.ofMinutes(ttl);
        this.initialPasswordFile = dataDirectory.resolve(INITIAL_PASSWORD_FILE);
        bootstrapAdministrator(env.apply(ADMIN_PASSWORD_ENV));
    }

    private void bootstrapAdministrator(String fromEnvironment) {
        if (accounts.find(ADMIN_LOGIN).isPresent()) {
            return;
        }
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            checkPasswordRules(ADMIN_PASSWORD_ENV, ADMIN_LOGIN, fromEnvironment);
            accounts.insert(new Account(ADMIN_LOGIN, ADMINISTRATOR_ROLE, hasher.hash(fromEnvironment), Instant.now()));
            LOG.info("Created the administrator account '{}' with the password from {}", ADMIN_LOGIN, ADMIN_PASSWORD_ENV);
            return;
        }
        String generated = hasher.randomPassword(GENERATED_PASSWORD_LENGTH);
        writeInitialPasswordFile(generated);
        accounts.insert(new Account(ADMIN_LOGIN, ADMINISTRATOR_ROLE, hasher.hash(generated), Instant.now()));
        LOG.warn("Created the administrator account '{}' with the generated password: {}  "
                + "(shown again by the shell command parley:admin-password until it is changed)", ADMIN_LOGIN, generated);
    }

    @Override
    public Caller authenticatePassword(String login, String password) {
        if (login == null || password == null) {
            throw new AuthenticationException();
        }
        // agents log in with their email, which is stored in lower case
        login = login.indexOf('@') >= 0 ? login.toLowerCase(java.util.Locale.ROOT) : login;
        Account account = accounts.find(login).orElseThrow(AuthenticationException::new);
        String key = sha256(login + '\0' + password + '\0' + account.passwordHash());
        if (!verified.containsKey(key)) {
            if (!hasher.matches(password, account.passwordHash())) {
                throw new AuthenticationException();
            }
            if (verified.size() >= VERIFIED_CACHE_MAX) {
                verified.clear();
            }
            verified.put(key, Boolean.TRUE);
        }
        return caller(account);
    }

    @Override
    public Caller authenticateToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new AuthenticationException();
        }
        String login = accounts.findTokenOwner(sha256(token), Instant.now()).orElseThrow(AuthenticationException::new);
        return caller(accounts.find(login).orElseThrow(AuthenticationException::new));
    }

    @Override
    public IssuedToken issueToken(Caller caller) {
        IssuedToken issued = newToken(caller.login(), tokenTtl);
        if (caller.instanceId() != null) {
            agents.findByLogin(caller.login())
                    .ifPresent(a -> agents.updateLastOnline(a.instanceId(), a.agentId(), Instant.now()));
        }
        return issued;
    }

    @Override
    public IssuedToken issueOperatorToken() {
        return newToken(ADMIN_LOGIN, OPERATOR_TOKEN_TTL);
    }

    private IssuedToken newToken(String login, Duration ttl) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = Instant.now().plus(ttl);
        accounts.insertToken(sha256(token), login, expiresAt);
        accounts.deleteExpiredTokens(Instant.now());
        return new IssuedToken(token, expiresAt);
    }

    @Override
    public void revokeToken(String token) {
        accounts.deleteToken(sha256(token));
    }

    @Override
    public void changePassword(String login, String currentPassword, String newPassword) {
        authenticatePassword(login, currentPassword);
        checkPasswordRules("new_password", login, newPassword);
        if (newPassword.equals(currentPassword)) {
            throw new InvalidException("new_password", "must differ from the current password");
        }
        accounts.updatePassword(login, hasher.hash(newPassword), Instant.now());
        if (ADMIN_LOGIN.equals(login)) {
            deleteInitialPasswordFile();
        }
        LOG.info("Password of account '{}' changed; its tokens were revoked", login);
    }

    @Override
    public Optional<String> initialAdminPassword() {
        if (!Files.isRegularFile(initialPasswordFile)) {
            return Optional.empty();
        }
        try {
            String password = Files.readString(initialPasswordFile, StandardCharsets.UTF_8).strip();
            // the file is only a copy: once the stored hash no longer matches it, it is stale
            boolean current = accounts.find(ADMIN_LOGIN).map(a -> hasher.matches(password, a.passwordHash())).orElse(false);
            return current ? Optional.of(password) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void checkPasswordRules(String field, String login, String password) {
        if (password == null || password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            throw new InvalidException(field, "must be " + PASSWORD_MIN + ".." + PASSWORD_MAX + " characters");
        }
        if (password.chars().noneMatch(Character::isLetter) || password.chars().noneMatch(Character::isDigit)) {
            throw new InvalidException(field, "must contain at least one letter and one digit");
        }
        if (password.equalsIgnoreCase(login)) {
            throw new InvalidException(field, "must not be the login name");
        }
    }

    /**
     * What the account may do: the bootstrap administrator holds every permission; an agent
     * holds its role's permissions and scope inside its own instance, and may not log in at
     * all while forced offline (SPEC §4.3); any other account holds nothing.
     */
    private Caller caller(Account account) {
        if (ADMINISTRATOR_ROLE.equals(account.roleName())) {
            return new Caller(account.login(), account.roleName(), EnumSet.allOf(Permission.class),
                    ADMIN_LOGIN.equals(account.login()));
        }
        Optional<Agent> agent = agents.findByLogin(account.login());
        if (agent.isEmpty()) {
            return new Caller(account.login(), account.roleName(), Set.of(), false, -1L, Map.of());
        }
        if (agent.get().accountState() == AccountState.FORCED_OFFLINE) {
            throw new AuthenticationException();
        }
        Role role = roles.find(agent.get().roleId()).orElseThrow(AuthenticationException::new);
        return new Caller(account.login(), role.name(), role.permissions(), false, agent.get().instanceId(),
                role.skillGroupScope());
    }

    private void writeInitialPasswordFile(String password) {
        try {
            Files.createDirectories(initialPasswordFile.getParent());
            Files.writeString(initialPasswordFile, password + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(initialPasswordFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("file system without POSIX permissions; {} keeps default permissions", initialPasswordFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + initialPasswordFile, e);
        }
    }

    private void deleteInitialPasswordFile() {
        try {
            Files.deleteIfExists(initialPasswordFile);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", initialPasswordFile, e.getMessage());
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
