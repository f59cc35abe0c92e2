package io.parley.rest;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.AuthenticationException;
import io.parley.api.error.ForbiddenException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Base64;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;

/**
 * Authenticates every request (bearer token, or HTTP Basic for scripts) and checks the
 * permission the matched method declares with {@link Allowed}. Methods of resources that
 * are not ours (the OpenAPI document) only need authentication.
 *
 * <p>While the authentication service is away (the directory bundle restarting), a caller whose
 * same credentials were verified in the last {@link #GRACE} keeps its access, so the endpoints
 * of the bundles still running stay usable; anyone else gets 503. Only a hash of the
 * Authorization header is kept as the key; a refused credential is forgotten at once, and a login's
 * credentials once {@link AuthResource} revokes its token or changes its password. (A credential
 * revoked elsewhere, e.g. an agent's password reset, stays usable for what is left of its grace
 * only while the directory is away: it cannot be checked then.)
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {

    static final Duration GRACE = Duration.ofMinutes(5);
    private static final int REMEMBERED = 1000;

    private final AuthenticationService auth;
    private final Clock clock;
    /** Recently verified callers by the SHA-256 of their Authorization header, oldest first. */
    private final Map<String, Verified> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Context
    private ResourceInfo resourceInfo;

    AuthenticationFilter(AuthenticationService auth) {
        this(auth, Clock.systemUTC());
    }

    AuthenticationFilter(AuthenticationService auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo.getResourceMethod();
        Allowed allowed = method == null ? null : method.getAnnotation(Allowed.class);
        if (allowed != null && allowed.everyone()) {
            return;
        }
        CallerPrincipal principal = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        request.setSecurityContext(principal.asSecurityContext(request.getSecurityContext().isSecure()));
        boolean ours = method != null && method.getDeclaringClass().getPackageName().equals(getClass().getPackageName());
        if (!ours || (allowed != null && allowed.anyCaller())) {
            return;
        }
        Caller caller = principal.caller();
        if (allowed == null) {
            throw new ForbiddenException("(undeclared)");
        }
        // an agent acts only inside its own instance (SPEC §0.1: agents belong to an instance)
        String instance = request.getUriInfo().getPathParameters().getFirst("instanceId");
        if (instance != null && instance.chars().allMatch(Character::isDigit) && !instance.isEmpty()
                && instance.length() < 19 && !caller.mayUseInstance(Long.parseLong(instance))) {
            throw new ForbiddenException("instance " + instance);
        }
        if (allowed.applianceAdmin() && !caller.applianceAdmin()) {
            throw new ForbiddenException("appliance administrator");
        }
        if (!allowed.permission().isEmpty()) {
            Permission needed = Permission.fromWire(allowed.permission())
                    .orElseThrow(() -> new IllegalStateException("unknown permission " + allowed.permission()));
            if (!caller.has(needed)) {
                throw new ForbiddenException(needed.wire());
            }
        } else if (allowed.anyOf().length > 0) {
            boolean any = false;
            for (String wire : allowed.anyOf()) {
                any |= caller.has(Permission.fromWire(wire)
                        .orElseThrow(() -> new IllegalStateException("unknown permission " + wire)));
            }
            if (!any) {
                throw new ForbiddenException(String.join("' or '", allowed.anyOf()));
            }
        }
    }

    CallerPrincipal authenticate(String header) {
        if (header == null) {
            throw new AuthenticationException();
        }
        String key = sha256(header);
        try {
            CallerPrincipal principal = verify(header);
            synchronized (recent) {
                recent.put(key, new Verified(principal, clock.instant()));
            }
            return principal;
        } catch (ServiceMissingException e) {
            Verified known;
            synchronized (recent) {
                known = recent.get(key);
            }
            if (known != null && known.at().plus(GRACE).isAfter(clock.instant())) {
                return known.principal();
            }
            throw e;
        } catch (AuthenticationException e) {
            synchronized (recent) {
                recent.remove(key);
            }
            throw e;
        }
    }

    /** Forgets every remembered credential of {@code login} (its token was revoked or its password changed). */
    void forget(String login) {
        synchronized (recent) {
            recent.values().removeIf(v -> v.principal().caller().login().equals(login));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Verified(CallerPrincipal principal, Instant at) {
    }

    private CallerPrincipal verify(String header) {
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            return new CallerPrincipal(auth.authenticateToken(token), "Bearer", token);
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new AuthenticationException();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new AuthenticationException();
            }
            return new CallerPrincipal(auth.authenticatePassword(decoded.substring(0, colon), decoded.substring(colon + 1)),
                    "Basic", null);
        }
        throw new AuthenticationException();
    }
}
