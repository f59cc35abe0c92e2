package io.parley.api.auth;

import java.time.Instant;

/**
 * A bearer token, shown to its owner once; the appliance keeps only its hash.
 *
 * @param token     the secret to send as {@code Authorization: Bearer <token>}
 * @param expiresAt when it stops working
 */
public record IssuedToken(String token, Instant expiresAt) {
}
