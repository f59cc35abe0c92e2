package io.parley.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth2 client-credentials tokens (SPEC §26.1, §34 point 41), cached per client until shortly
 * before they expire, so a burst of lookups asks the token URL once. The push HTTP sink keeps
 * the same class for §29.3: a bundle never depends on another one's internals. The client
 * authenticates with HTTP Basic (RFC 6749 §2.3.1).
 */
final class OAuth2Tokens {

    /** A token is renewed this long before the expiry its server gave. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Client(String tokenUrl, String clientId, String clientSecret, String scope) {
    }

    private record Token(String value, Instant renewAt) {
    }

    private final Map<Client, Token> cache = new ConcurrentHashMap<>();
    private final Map<Client, Object> grants = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final Clock clock;

    OAuth2Tokens(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A valid access token, from the cache or a new grant. */
    String token(Client client, Duration timeout) throws IOException, InterruptedException {
        Token t = cache.get(client);
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            return t.value();
        }
        // one grant at a time per client: the parallel deliveries of a burst wait for it instead of each asking
        synchronized (grants.computeIfAbsent(client, c -> new Object())) {
            t = cache.get(client);
            if (t != null && clock.instant().isBefore(t.renewAt())) {
                return t.value();
            }
            return grant(client, timeout);
        }
    }

    private String grant(Client client, Duration timeout) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials" + (client.scope() == null ? ""
                : "&scope=" + URLEncoder.encode(client.scope(), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(client.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.tokenUrl())).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("token URL answered HTTP " + r.statusCode());
        }
        JsonNode body = JSON.readTree(r.body());
        String value = body == null ? null : body.path("access_token").asText(null);
        if (value == null || value.isEmpty()) {
            throw new IOException("token URL answered no access_token");
        }
        long expiresIn = body.path("expires_in").asLong(3600);
        Instant renewAt = clock.instant().plusSeconds(expiresIn).minus(MARGIN);
        cache.put(client, new Token(value, renewAt));
        return value;
    }

    /** The receiver refused the token: the next delivery asks for a new one. */
    void forget(Client client) {
        cache.remove(client);
    }
}
