package io.parley.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Karaf shell user {@code karaf} its password at first start, so no appliance
 * answers SSH with a password everybody knows.
 *
 * <p>The distribution ships {@code etc/users.properties} with {@link #PLACEHOLDER} as the
 * password of {@code karaf}: a "hash" that no password digests to, so nobody can log in
 * before this runs. At the first start it is replaced by the SHA-512 of the password from
 * {@code PARLEY_SHELL_PASSWORD} or, without it, of a generated one that is logged once and
 * kept in {@code <karaf.data>/parley/initial-shell-password} (mode 600) while it is still
 * the password. The hash is in the form Karaf's JAAS realm checks with the shipped
 * {@code org.apache.karaf.jaas.cfg} (basic encryption, SHA-512, hexadecimal), so the
 * plain password is never written to {@code etc/}. Any other entry for {@code karaf} (one
 * an operator or a test wrote) is left as it is.
 */
@Component(immediate = true)
public class ShellPasswordBootstrap {

    static final String USER = "karaf";
    static final String PLACEHOLDER = "{CRYPT}generated-at-first-start{CRYPT}";
    static final String SHELL_PASSWORD_ENV = "PARLEY_SHELL_PASSWORD";
    static final String INITIAL_PASSWORD_FILE = "initial-shell-password";
    static final int PASSWORD_MIN = 12;
    static final int PASSWORD_MAX = 128;
    private static final int GENERATED_PASSWORD_LENGTH = 20;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Pattern USER_LINE = Pattern.compile("^(\\s*" + USER + "\\s*[=:]\\s*)([^,]*)(.*)$");

    private static final Logger LOG = LoggerFactory.getLogger(ShellPasswordBootstrap.class);

    @Activate
    public ShellPasswordBootstrap() {
        this(Path.of(System.getProperty("karaf.etc", "etc"), "users.properties"),
                Path.of(System.getProperty("karaf.data", "data"), "parley"), System::getenv);
    }

    ShellPasswordBootstrap(Path usersFile, Path dataDirectory, Function<String, String> env) {
        Path initialPasswordFile = dataDirectory.resolve(INITIAL_PASSWORD_FILE);
        try {
            bootstrap(usersFile, initialPasswordFile, env.apply(SHELL_PASSWORD_ENV));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the shell password in " + usersFile, e);
        }
    }

    private static void bootstrap(Path usersFile, Path initialPasswordFile, String fromEnvironment) throws IOException {
        if (!Files.isRegularFile(usersFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(usersFile, StandardCharsets.UTF_8);
        int at = -1;
        Matcher user = null;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            Matcher m = USER_LINE.matcher(lines.get(i));
            if (m.matches()) {
                at = i;
                user = m;
            }
        }
        if (user == null) {
            return;
        }
        String stored = user.group(2).strip();
        if (!PLACEHOLDER.equals(stored)) {
            forgetStaleInitialPassword(initialPasswordFile, stored);
            return;
        }
        String password;
        boolean generated = fromEnvironment == null || fromEnvironment.isEmpty();
        if (generated) {
            password = randomPassword();
        } else {
            if (fromEnvironment.length() < PASSWORD_MIN || fromEnvironment.length() > PASSWORD_MAX
                    || fromEnvironment.chars().noneMatch(Character::isLetter)
                    || fromEnvironment.chars().noneMatch(Character::isDigit)) {
                // the placeholder stays: the shell stays closed rather than open with a weak password
                throw new IllegalArgumentException(SHELL_PASSWORD_ENV + " must be " + PASSWORD_MIN + ".." + PASSWORD_MAX
                        + " characters with at least one letter and one digit");
            }
            password = fromEnvironment;
        }
        if (generated) {
            writePrivate(initialPasswordFile, password + "\n");
        }
        List<String> out = new ArrayList<>(lines);
        out.set(at, user.group(1) + karafHash(password) + user.group(3));
        writeReplacing(usersFile, String.join("\n", out) + "\n");
        if (generated) {
            LOG.warn("Set the password of the shell user '{}' (bin/client and SSH): {}  "
                    + "(kept in {} until it is changed)", USER, password, initialPasswordFile);
        } else {
            LOG.info("Set the password of the shell user '{}' from {}", USER, SHELL_PASSWORD_ENV);
        }
    }

    /** The generated password's copy is only useful while it is still the password. */
    private static void forgetStaleInitialPassword(Path initialPasswordFile, String stored) throws IOException {
        if (!Files.isRegularFile(initialPasswordFile)) {
            return;
        }
        String kept = Files.readString(initialPasswordFile, StandardCharsets.UTF_8).strip();
        if (!stored.equalsIgnoreCase(karafHash(kept)) && !stored.equals(kept)) {
            Files.delete(initialPasswordFile);
            LOG.info("The shell user's password was changed; {} removed", initialPasswordFile);
        }
    }

    /** What Karaf's basic encryption (SHA-512, hexadecimal, prefix and suffix {CRYPT}) stores for {@code password}. */
    static String karafHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{CRYPT}" + HexFormat.of().formatHex(digest) + "{CRYPT}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(GENERATED_PASSWORD_LENGTH);
        for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("file system without POSIX permissions; {} keeps default permissions", file);
        }
    }

    /** Whole or not at all: a half-written users file would lock the operator out. */
    private static void writeReplacing(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".parley-tmp");
        writePrivate(temp, content);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
