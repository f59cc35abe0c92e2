package io.parley.rest;

import io.parley.api.auth.Caller;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** Carries the authenticated {@link Caller} through JAX-RS's {@link SecurityContext}. */
record CallerPrincipal(Caller caller, String scheme, String bearerToken) implements Principal {

    @Override
    public String getName() {
        return caller.login();
    }

    static CallerPrincipal of(SecurityContext context) {
        return (CallerPrincipal) context.getUserPrincipal();
    }

    SecurityContext asSecurityContext(boolean secure) {
        CallerPrincipal self = this;
        return new SecurityContext() {
            public Principal getUserPrincipal() {
                return self;
            }

            public boolean isUserInRole(String role) {
                return caller.roleName().equals(role);
            }

            public boolean isSecure() {
                return secure;
            }

            public String getAuthenticationScheme() {
                return scheme;
            }
        };
    }
}
