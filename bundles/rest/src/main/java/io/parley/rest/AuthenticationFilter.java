package io.parley.rest;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.AuthenticationException;
import io.parley.api.error.ForbiddenException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
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
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {

    private final AuthenticationService auth;

    @Context
    private ResourceInfo resourceInfo;

    AuthenticationFilter(AuthenticationService auth) {
        this.auth = auth;
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

    private CallerPrincipal authenticate(String header) {
        if (header == null) {
            throw new AuthenticationException();
        }
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
