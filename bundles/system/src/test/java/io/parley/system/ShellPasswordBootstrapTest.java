package io.parley.system;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ShellPasswordBootstrapTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static final String SHIPPED = """
            # comment kept
            karaf = {CRYPT}generated-at-first-start{CRYPT},_g_:admingroup
            _g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh
            """;

    private Path users() throws Exception {
        Path etc = folder.newFolder("etc").toPath();
        Path file = etc.resolve("users.properties");
        Files.writeString(file, SHIPPED, StandardCharsets.UTF_8);
        return file;
    }

    private Path data() {
        return folder.getRoot().toPath().resolve("data/parley");
    }

    @Test
    public void aGeneratedPasswordReplacesThePlaceholderAndIsKeptPrivately() throws Exception {
        Path users = users();
        new ShellPasswordBootstrap(users, data(), Map.<String, String>of()::get);

        Path kept = data().resolve("initial-shell-password");
        String password = Files.readString(kept).strip();
        assertTrue(password, password.matches("[A-Za-z0-9]{20}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        List<String> lines = Files.readAllLines(users);
        assertEquals("# comment kept", lines.get(0));
        assertEquals("karaf = " + ShellPasswordBootstrap.karafHash(password) + ",_g_:admingroup", lines.get(1));
        assertEquals("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh", lines.get(2));
        assertFalse("the plain password is not in etc/", Files.readString(users).contains(password));
    }

    @Test
    public void thePasswordFromTheEnvironmentIsHashedAndNeverWrittenPlain() throws Exception {
        Path users = users();
        new ShellPasswordBootstrap(users, data(), Map.of("PARLEY_SHELL_PASSWORD", "shell-secret-2024")::get);

        assertTrue(Files.readString(users).contains("karaf = " + ShellPasswordBootstrap.karafHash("shell-secret-2024") + ","));
        assertFalse(Files.readString(users).contains("shell-secret-2024"));
        assertFalse(Files.exists(data().resolve("initial-shell-password")));
    }

    @Test
    public void theHashIsWhatKarafBasicEncryptionStores() {
        // SHA-512 of "karaf" in lower-case hexadecimal (sha512sum), between the {CRYPT} prefix and suffix
        // of the shipped org.apache.karaf.jaas.cfg
        assertEquals("{CRYPT}cd493bbf4087b97d1a0c50fc9b1c73babfdc8281938572a8700cd3da693cdee73a92e1c8af6636b8632ae505c5ef8b51"
                + "07315c4fbaed9bfb22dab55c271bce4f{CRYPT}", ShellPasswordBootstrap.karafHash("karaf"));
    }

    @Test
    public void aPasswordSomeoneAlreadySetIsLeftAlone() throws Exception {
        Path users = users();
        Files.writeString(users, "karaf = karaf,_g_:admingroup\n");
        new ShellPasswordBootstrap(users, data(), Map.<String, String>of()::get);
        assertEquals("karaf = karaf,_g_:admingroup\n", Files.readString(users));
        assertFalse(Files.exists(data().resolve("initial-shell-password")));
    }

    @Test
    public void theSecondStartChangesNothing() throws Exception {
        Path users = users();
        new ShellPasswordBootstrap(users, data(), Map.<String, String>of()::get);
        String first = Files.readString(users);
        new ShellPasswordBootstrap(users, data(), Map.of("PARLEY_SHELL_PASSWORD", "other-secret-2024")::get);
        assertEquals(first, Files.readString(users));
        assertTrue("still the password: still kept", Files.exists(data().resolve("initial-shell-password")));
    }

    @Test
    public void theKeptCopyGoesOnceThePasswordWasChanged() throws Exception {
        Path users = users();
        new ShellPasswordBootstrap(users, data(), Map.<String, String>of()::get);
        Files.writeString(users, "karaf = " + ShellPasswordBootstrap.karafHash("changed-by-the-operator-1") + ",_g_:admingroup\n");
        new ShellPasswordBootstrap(users, data(), Map.<String, String>of()::get);
        assertFalse(Files.exists(data().resolve("initial-shell-password")));
    }

    @Test
    public void aWeakPasswordFromTheEnvironmentKeepsTheShellClosed() throws Exception {
        Path users = users();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShellPasswordBootstrap(users, data(), Map.of("PARLEY_SHELL_PASSWORD", "karaf")::get));
        assertEquals("PARLEY_SHELL_PASSWORD must be 12..128 characters with at least one letter and one digit", e.getMessage());
        assertEquals(SHIPPED, Files.readString(users));
    }
}
