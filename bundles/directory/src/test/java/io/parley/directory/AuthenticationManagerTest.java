package io.parley.directory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.auth.Caller;
import io.parley.api.auth.IssuedToken;
import io.parley.api.auth.Permission;
import io.parley.api.error.AuthenticationException;
import io.parley.api.error.InvalidException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AuthenticationManagerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private InMemoryStores.Accounts accounts;
    private Path data;

    @Before
    public void setUp() {
        accounts = new InMemoryStores.Accounts();
        data = tmp.getRoot().toPath();
    }

    private AuthenticationManager start(Map<String, String> env) {
        return new AuthenticationManager(accounts, new InMemoryStores.Agents(accounts), new InMemoryStores.Roles(),
                config(720), data, env::get);
    }

    @Test
    public void firstStartGeneratesAnAdminPasswordStoredHashedAndRetrievableUntilChanged() throws Exception {
        AuthenticationManager auth = start(Map.of());
        String initial = auth.initialAdminPassword().orElseThrow();
        assertEquals(20, initial.length());
        assertFalse("only a hash is stored", accounts.rows.get("admin").passwordHash().contains(initial));
        Caller admin = auth.authenticatePassword("admin", initial);
        assertTrue(admin.has(Permission.SKILL_GROUPS));
        assertTrue(admin.applianceAdmin());

        auth.changePassword("admin", initial, "a-new-passw0rd");
        assertTrue(auth.initialAdminPassword().isEmpty());
        assertFalse(Files.exists(data.resolve("initial-admin-password")));
        refused(() -> auth.authenticatePassword("admin", initial));
        auth.authenticatePassword("admin", "a-new-passw0rd");
    }

    @Test
    public void secondStartKeepsTheExistingAdministrator() {
        String initial = start(Map.of()).initialAdminPassword().orElseThrow();
        AuthenticationManager again = start(Map.of());
        assertEquals(initial, again.initialAdminPassword().orElseThrow());
    }

    @Test
    public void environmentVariableSetsTheFirstPasswordAndNothingIsWrittenToDisk() {
        AuthenticationManager auth = start(Map.of("PARLEY_ADMIN_PASSWORD", "from-the-env-123"));
        auth.authenticatePassword("admin", "from-the-env-123");
        assertTrue(auth.initialAdminPassword().isEmpty());
        assertFalse(Files.exists(data.resolve("initial-admin-password")));
    }

    @Test
    public void wrongPasswordAndUnknownLoginFailAlike() {
        AuthenticationManager auth = start(Map.of("PARLEY_ADMIN_PASSWORD", "from-the-env-123"));
        String wrong = refused(() -> auth.authenticatePassword("admin", "nope"));
        String unknown = refused(() -> auth.authenticatePassword("mallory", "nope"));
        assertEquals(wrong, unknown);
    }

    @Test
    public void tokensAuthenticateUntilRevokedOrThePasswordChanges() {
        AuthenticationManager auth = start(Map.of("PARLEY_ADMIN_PASSWORD", "from-the-env-123"));
        Caller admin = auth.authenticatePassword("admin", "from-the-env-123");
        IssuedToken t1 = auth.issueToken(admin);
        IssuedToken t2 = auth.issueToken(admin);
        assertNotEquals(t1.token(), t2.token());
        assertEquals("admin", auth.authenticateToken(t1.token()).login());
        auth.revokeToken(t1.token());
        refused(() -> auth.authenticateToken(t1.token()));
        auth.changePassword("admin", "from-the-env-123", "another-passw0rd");
        refused(() -> auth.authenticateToken(t2.token()));
    }

    @Test
    public void newPasswordMustBeTwelveCharactersWithALetterAndADigit() {
        AuthenticationManager auth = start(Map.of("PARLEY_ADMIN_PASSWORD", "from-the-env-123"));
        for (String bad : new String[] {"short1", "onlyletterslong", "123456789012", "x".repeat(129) + "1"}) {
            try {
                auth.changePassword("admin", "from-the-env-123", bad);
                fail("accepted " + bad);
            } catch (InvalidException e) {
                assertEquals("new_password", e.field());
            }
        }
    }

    private static String refused(Runnable action) {
        try {
            action.run();
        } catch (AuthenticationException e) {
            return e.getMessage();
        }
        fail("expected authentication to fail");
        return null;
    }

    static AuthConfig config(int ttlMinutes) {
        return new AuthConfig() {
            public int tokenTtlMinutes() {
                return ttlMinutes;
            }

            public Class<? extends Annotation> annotationType() {
                return AuthConfig.class;
            }
        };
    }
}
