package io.parley.push.http;

import io.parley.api.push.PushItem;
import io.parley.api.push.PushResult;
import io.parley.api.push.PushSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The built-in push sink (SPEC §29.3): one {@code POST} of the item's JSON to the configured URL
 * with the configured auth (none, basic, or an OAuth2 client-credentials bearer token cached
 * until expiry). The receiver de-duplicates by {@code Idempotency-Key: <session_id>:<kind>}
 * (the same on every retry of the item); {@code X-Parley-Attempt} counts the tries.
 *
 * <p>2xx is delivered. A refusal of the payload itself (400, 413, 415, 422) is not retried;
 * anything else — 5xx, 408, 429, 401/403 (a token or password the administrator may fix),
 * 404, connection failures and timeouts — is tried again by the outbox.
 */
@Component(service = PushSink.class, property = PushSink.KIND_PROPERTY + "=" + HttpPushSink.KIND)
public class HttpPushSink implements PushSink {

    static final String KIND = "http";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Integer> PAYLOAD_REFUSED = Set.of(400, 413, 415, 422);

    private final HttpClient http;
    private final OAuth2Tokens tokens;

    public HttpPushSink() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Clock.systemUTC());
    }

    HttpPushSink(HttpClient http, Clock clock) {
        this.http = http;
        this.tokens = new OAuth2Tokens(http, clock);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public PushResult deliver(PushItem item, Map<String, String> settings) {
        String url = settings.get("url");
        if (url == null) {
            return PushResult.retryLater("no push url configured");
        }
        OAuth2Tokens.Client client = null;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(IDEMPOTENCY_KEY, item.sessionId() + ":" + item.kind())
                    .header("X-Parley-Kind", item.kind())
                    .header("X-Parley-Attempt", Integer.toString(item.attempt()))
                    .POST(HttpRequest.BodyPublishers.ofString(item.json(), StandardCharsets.UTF_8));
            switch (settings.getOrDefault("auth", "none")) {
                case "basic" -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (settings.getOrDefault("username", "") + ":" + settings.getOrDefault("password", ""))
                                .getBytes(StandardCharsets.UTF_8)));
                case "oauth2" -> {
                    client = new OAuth2Tokens.Client(settings.get("token_url"), settings.get("client_id"),
                            settings.get("client_secret"), settings.get("scope"));
                    if (client.tokenUrl() == null || client.clientId() == null || client.clientSecret() == null) {
                        return PushResult.retryLater("oauth2 settings incomplete");
                    }
                    String token;
                    try {
                        token = tokens.token(client, TIMEOUT);
                    } catch (IOException e) {
                        return PushResult.retryLater("OAuth2 token: " + e.getMessage());
                    }
                    request.header("Authorization", "Bearer " + token);
                }
                default -> {
                }
            }
            HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = r.statusCode();
            if (status / 100 == 2) {
                return PushResult.ok();
            }
            if ((status == 401 || status == 403) && client != null) {
                tokens.forget(client);
            }
            return PAYLOAD_REFUSED.contains(status) ? PushResult.rejected("HTTP " + status)
                    : PushResult.retryLater("HTTP " + status);
        } catch (IllegalArgumentException e) {
            return PushResult.retryLater("bad push url: " + e.getMessage());
        } catch (IOException e) {
            return PushResult.retryLater(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PushResult.retryLater("interrupted");
        }
    }
}
