package io.parley.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.api.settings.GeneralSettings.MappingAuth;
import io.parley.api.settings.GeneralSettings.UserIdMapping;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The customer's number-to-user-ID service (SPEC §26.3): {@code POST request_url} with
 * {@code {"Numbers":[value],"Mode":"PhoneToUID"|"UIDToPhone"}}, answered by
 * {@code {"Code":0,"Results":[{"Key":value,"Value":converted}]}}; basic auth or an OAuth2
 * client-credentials bearer token; 3 s for the whole exchange (§26.2). Answers are cached for
 * {@link #TTL} per service URL, mode and value: a number's user ID does not change, and a call
 * must not wait for the customer's service each time its number is shown.
 */
final class UserIdMappingClient {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final Duration TTL = Duration.ofMinutes(10);
    static final int CACHE_MAX = 20_000;
    static final String PHONE_TO_UID = "PhoneToUID";
    static final String UID_TO_PHONE = "UIDToPhone";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a lookup failed, for the log and the 502 message. */
    static final class MappingFailure extends Exception {
        private static final long serialVersionUID = 1L;

        MappingFailure(String message) {
            super(message, null, false, false);
        }
    }

    private record Key(String url, String mode, String value) {
    }

    private record Cached(String value, Instant until) {
    }

    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final OAuth2Tokens tokens;
    private final Clock clock;

    UserIdMappingClient(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
        this.tokens = new OAuth2Tokens(http, clock);
    }

    String convert(UserIdMapping service, String mode, String value) throws MappingFailure {
        Key key = new Key(service.requestUrl(), mode, value);
        Cached c = cache.get(key);
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.until())) {
            return c.value();
        }
        String converted = ask(service, mode, value);
        if (cache.size() >= CACHE_MAX) {
            cache.clear();
        }
        cache.put(key, new Cached(converted, now.plus(TTL)));
        return converted;
    }

    private String ask(UserIdMapping service, String mode, String value) throws MappingFailure {
        if (service == null || service.requestUrl() == null) {
            throw new MappingFailure("no mapping service is configured");
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("Numbers").add(value);
        body.put("Mode", mode);
        Instant deadline = clock.instant().plus(TIMEOUT);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.requestUrl())).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            OAuth2Tokens.Client client = null;
            if (service.auth() == MappingAuth.BASIC) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (nullToEmpty(service.username()) + ":" + nullToEmpty(service.password())).getBytes(StandardCharsets.UTF_8)));
            } else if (service.auth() == MappingAuth.OAUTH2 && service.oauth2() != null) {
                client = new OAuth2Tokens.Client(service.oauth2().tokenUrl(), service.oauth2().clientId(),
                        service.oauth2().clientSecret(), service.oauth2().scope());
                request.header("Authorization", "Bearer " + tokens.token(client, TIMEOUT));
                // what the token took comes off the 3 s of the lookup
                Duration left = Duration.between(clock.instant(), deadline);
                request.timeout(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                if (client != null && (r.statusCode() == 401 || r.statusCode() == 403)) {
                    tokens.forget(client);
                }
                throw new MappingFailure("the mapping service answered HTTP " + r.statusCode());
            }
            JsonNode answer = JSON.readTree(r.body());
            if (answer == null || !answer.path("Code").canConvertToInt()) {
                throw new MappingFailure("the mapping service answered no Code");
            }
            if (answer.path("Code").asInt() != 0) {
                throw new MappingFailure("the mapping service answered Code " + answer.path("Code").asInt() + " for " + value);
            }
            for (JsonNode result : answer.path("Results")) {
                if (value.equals(result.path("Key").asText(null))) {
                    String converted = result.path("Value").asText("");
                    if (converted.isEmpty()) {
                        break;
                    }
                    return converted;
                }
            }
            throw new MappingFailure("the mapping service's answer has no Value for " + value);
        } catch (HttpTimeoutException e) {
            throw new MappingFailure("the mapping service did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException | IllegalArgumentException e) {
            throw new MappingFailure("the mapping service could not be asked: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MappingFailure("interrupted");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
