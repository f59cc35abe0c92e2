package io.parley.rest;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.auth.Caller;
import io.parley.api.auth.IssuedToken;
import io.parley.api.auth.Permission;
import io.parley.api.error.InvalidException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * The caller's own session: exchange credentials for a bearer token, revoke it, see who
 * you are, change your password.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "authentication")
public class AuthResource {

    private final AuthenticationService auth;
    /** Forgets a login's remembered credentials in {@link AuthenticationFilter} once they are revoked here. */
    private final java.util.function.Consumer<String> revoked;

    AuthResource(AuthenticationService auth, java.util.function.Consumer<String> revoked) {
        this.auth = auth;
        this.revoked = revoked;
    }

    @POST
    @Path("/tokens")
    @Allowed(anyCaller = true)
    @Operation(summary = "Issue a bearer token to the caller (authenticate this call with Basic credentials)")
    public Response issueToken(@Context SecurityContext security) {
        IssuedToken token = auth.issueToken(CallerPrincipal.of(security).caller());
        return Response.status(201)
                .entity(new Views.TokenView(token.token(), "Bearer", token.expiresAt().toString())).build();
    }

    @DELETE
    @Path("/tokens/current")
    @Allowed(anyCaller = true)
    @Operation(summary = "Revoke the bearer token this call is authenticated with")
    public Response revokeCurrent(@Context SecurityContext security) {
        CallerPrincipal principal = CallerPrincipal.of(security);
        if (principal.bearerToken() == null) {
            throw new InvalidException("authorization", "this call must be authenticated with the bearer token to revoke");
        }
        auth.revokeToken(principal.bearerToken());
        revoked.accept(principal.caller().login());
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @Allowed(anyCaller = true)
    @Operation(summary = "The authenticated account, its role and permissions")
    public Views.MeView me(@Context SecurityContext security) {
        Caller c = CallerPrincipal.of(security).caller();
        return new Views.MeView(c.login(), c.roleName(),
                c.permissions().stream().map(Permission::wire).sorted().toList(), c.applianceAdmin());
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(anyCaller = true)
    @Operation(summary = "Change the caller's password; every token of the account is revoked",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = Views.PasswordChange.class))))
    public Response changePassword(@Context SecurityContext security, String body) {
        Json.Body json = Json.object(body, Set.of("current_password", "new_password"));
        String current = json.string("current_password");
        if (current == null) {
            throw new InvalidException("current_password", "is required");
        }
        String login = CallerPrincipal.of(security).caller().login();
        auth.changePassword(login, current, json.string("new_password"));
        revoked.accept(login);
        return Response.noContent().build();
    }
}
