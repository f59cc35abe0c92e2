package io.parley.ivr.node.common;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST of a JSON object to a customer's server and its flat JSON answer, as the API call
 * (SPEC §8.11), the specified-agent callback (§8.5.1) and the external-transfer callback
 * (§34 p27) make it. A timeout (the whole exchange, body included), a non-2xx status or an
 * answer that is not a JSON object is a failure with its reason; nothing is retried here.
 *
 * <pre>{@code
 * JsonPost.Result r = JsonPost.post(ctx.http(), URI.create("https://crm.example.com/score"),
 *         Map.of("Callee", "008618621500000"), Duration.ofSeconds(3));
 * r.answer().map(a -> a.get("Score"));      // Optional["95"], or empty with r.failure() saying why
 * }</pre>
 */
public final class JsonPost {

    private JsonPost() {
    }

    /** The answer's members, or why there is none. */
    public record Result(Optional<Map<String, String>> answer, String failure) {

        static Result failed(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    public static Result post(HttpClient http, URI url, Map<String, ?> body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(FlatJson.write(body), StandardCharsets.UTF_8))
                .build();
        // the request timeout alone stops at the response headers; the attempt as a whole is bounded here
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 != 2) {
                return Result.failed("status " + response.statusCode());
            }
            return FlatJson.object(response.body()).map(a -> new Result(Optional.of(a), null))
                    .orElseGet(() -> Result.failed("answer is not a JSON object"));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Result.failed("timeout after " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Result.failed("timeout after " + timeout.toSeconds() + " s");
            }
            return Result.failed((cause instanceof IOException ? "I/O error: " : "error: ") + cause.getMessage());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        }
    }

    /**
     * Reads a URL parameter: {@code http} or {@code https} with a host. With {@code httpsOnly}
     * (callbacks, SPEC §8.5 and §8.9 name "https URL") an http URL is noted as a problem, which
     * keeps the version from being published, but still returned.
     */
    public static Optional<URI> url(Params p, Param.Text param, boolean httpsOnly) {
        Optional<String> text = p.get(param);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                if (httpsOnly && !scheme.equals("https")) {
                    // noted, so the version cannot be published; a run (simulation, tests) still reaches it
                    p.problem(param.name(), "must be an https URL");
                }
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // noted below
        }
        p.problem(param.name(), httpsOnly ? "must be an https URL" : "must be an http or https URL");
        return Optional.empty();
    }
}
