package io.parley.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.auth.Caller;
import io.parley.api.auth.IssuedToken;
import io.parley.api.error.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.Test;

/** The authentication filter while the directory's authentication service comes and goes. */
public class AuthenticationFilterTest {

    private static final String GOOD = "Bearer good-token";

    /** The directory's service as the {@link LiveServices} stand-in shows it: running or not. */
    private static final class Directory implements AuthenticationService {
        boolean running = true;
        final Set<String> valid = new HashSet<>(Set.of("good-token"));

        private void check() {
            if (!running) {
                throw new ServiceMissingException("AuthenticationService", "parley-directory");
            }
        }

        @Override
        public Caller authenticatePassword(String login, String password) {
            check();
            throw new AuthenticationException();
        }

        @Override
        public Caller authenticateToken(String token) {
            check();
            if (!valid.contains(token)) {
                throw new AuthenticationException();
            }
            return new Caller("admin", "administrator", Set.of(), true);
        }

        @Override
        public IssuedToken issueToken(Caller caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void revokeToken(String token) {
            valid.remove(token);
        }

        @Override
        public IssuedToken issueOperatorToken() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changePassword(String login, String currentPassword, String newPassword) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> initialAdminPassword() {
            return Optional.empty();
        }
    }

    private static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Directory directory = new Directory();
    private final Ticking clock = new Ticking();
    private final AuthenticationFilter filter = new AuthenticationFilter(directory, clock);

    @Test
    public void aCallerVerifiedBeforeTheDirectoryStoppedKeepsAccessWhileItIsAway() {
        assertEquals("admin", filter.authenticate(GOOD).caller().login());
        directory.running = false;
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertEquals("admin", filter.authenticate(GOOD).caller().login());
    }

    @Test
    public void aCallerNeverVerifiedGetsServiceMissingWhileTheDirectoryIsAway() {
        directory.running = false;
        ServiceMissingException e = assertThrows(ServiceMissingException.class, () -> filter.authenticate(GOOD));
        assertEquals(ServiceMissingException.CODE, e.code());
        assertEquals(503, ErrorMappers.status(e.code()));
    }

    @Test
    public void theGraceEndsAfterFiveMinutesSinceTheLastVerification() {
        filter.authenticate(GOOD);
        directory.running = false;
        clock.now = clock.now.plus(AuthenticationFilter.GRACE).plusSeconds(1);
        assertThrows(ServiceMissingException.class, () -> filter.authenticate(GOOD));
    }

    @Test
    public void aRefusedCredentialIsForgottenAtOnce() {
        filter.authenticate(GOOD);
        directory.valid.clear();
        assertThrows(AuthenticationException.class, () -> filter.authenticate(GOOD));
        directory.running = false;
        assertThrows(ServiceMissingException.class, () -> filter.authenticate(GOOD));
    }

    @Test
    public void aRevokedLoginIsForgotten() {
        filter.authenticate(GOOD);
        filter.forget("admin");
        directory.running = false;
        assertThrows(ServiceMissingException.class, () -> filter.authenticate(GOOD));
    }

    @Test
    public void theDirectoryBackDecidesAgain() {
        filter.authenticate(GOOD);
        directory.running = false;
        filter.authenticate(GOOD);
        directory.running = true;
        directory.valid.clear();
        assertThrows(AuthenticationException.class, () -> filter.authenticate(GOOD));
    }
}
