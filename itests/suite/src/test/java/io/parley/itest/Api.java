package io.parley.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.itest.contract.Contract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A REST client for tests: real HTTP to the appliance, JSON answers as trees. Every answer is
 * checked against the appliance's served OpenAPI document (issue 19), so each test that calls
 * the API through here is also a contract test.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The SPEC §0.2 error body's fields. */
        String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        String errorField() {
            return json().path("error").path("field").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static Api anonymous(int port) {
        return new Api("http://127.0.0.1:" + port + "/api/v1", null);
    }

    /** The appliance in this test container, once its health says up. */
    static Api appliance() {
        return anonymous(ParleyContainer.HTTP_PORT).awaitUp(Duration.ofSeconds(90));
    }

    /** The bootstrap administrator, with the generated password it still has. */
    Api asAdmin(io.parley.api.auth.AuthenticationService auth) {
        return basic("admin", adminPassword(auth));
    }

    static String adminPassword(io.parley.api.auth.AuthenticationService auth) {
        return auth.initialAdminPassword().orElseThrow(() -> new AssertionError("no initial admin password"));
    }

    Api basic(String login, String password) {
        return new Api(base, "Basic " + Base64.getEncoder()
                .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Api bearer(String token) {
        return new Api(base, "Bearer " + token);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    Answer post(String path, String json) {
        return send("POST", path, json);
    }

    Answer patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Answer send(String method, String path, String json) {
        return exchange(method, path, json, true);
    }

    /** A request whose body is of {@code contentType} (e.g. text/csv), its answer checked as usual. */
    Answer sendText(String method, String path, String contentType, String body) {
        return exchange(method, path, body, contentType, true);
    }

    /**
     * One request; unless {@code checked} is false, its answer is held to the served OpenAPI
     * document first (an answer that breaks it fails the test, naming path, status and what is wrong).
     */
    private Answer exchange(String method, String path, String json, boolean checked) {
        return exchange(method, path, json, "application/json", checked);
    }

    private Answer exchange(String method, String path, String json, String contentType, boolean checked) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (checked) {
                keepsContract(new Exchange(method, r.uri().getRawPath(), r.statusCode(),
                        r.headers().firstValue("Content-Type").orElse(null), r.body()));
            }
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A binary answer (a recording, a ZIP) with its headers. */
    record Bytes(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + (body.length < 400 ? new String(body, StandardCharsets.UTF_8) : body.length + " bytes");
        }
    }

    /**
     * A GET whose answer may be binary, with an optional {@code Range} header, held to the served
     * OpenAPI document like every other answer.
     */
    Bytes bytes(String path, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("Content-Type").orElse(null);
            boolean json = type != null && type.startsWith("application/json");
            // a binary body goes to the check byte for byte (ISO-8859-1 maps each byte to one character)
            keepsContract(new Exchange("GET", r.uri().getRawPath(), r.statusCode(), type,
                    new String(r.body(), json ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)));
            return new Bytes(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** One answer as the contract check sees it. */
    private record Exchange(String method, String path, int status, String contentType, String body) {
    }

    /**
     * The contract of each appliance under test (by base URL): its served {@code /openapi.json},
     * read with the credentials of the first authenticated call; answers to anonymous calls
     * made before that wait in {@link #UNCHECKED} and are judged then.
     */
    private static final Map<String, Contract> CONTRACTS = new ConcurrentHashMap<>();
    private static final Map<String, List<Exchange>> UNCHECKED = new ConcurrentHashMap<>();

    private void keepsContract(Exchange answer) {
        Contract contract = contract();
        if (contract == null) {
            UNCHECKED.computeIfAbsent(base, b -> new CopyOnWriteArrayList<>()).add(answer);
            return;
        }
        List<Exchange> all = new ArrayList<>(UNCHECKED.getOrDefault(base, List.of()));
        UNCHECKED.remove(base);
        all.add(answer);
        for (Exchange a : all) {
            String wrong = contract.violations(a.method(), a.path(), a.status(), a.contentType(), a.body());
            if (wrong != null) {
                String body = a.body() == null ? "" : a.body().length() > 600 ? a.body().substring(0, 600) + "…" : a.body();
                throw new AssertionError("the answer to " + a.method() + " " + a.path() + " (" + a.status()
                        + ") breaks the served OpenAPI document: " + wrong + "\n  body: " + body);
            }
        }
    }

    private Contract contract() {
        Contract known = CONTRACTS.get(base);
        if (known != null || authorization == null) {
            return known;
        }
        Answer document = exchange("GET", "/openapi.json", null, false);
        if (document.status() != 200) {
            return null;
        }
        return CONTRACTS.computeIfAbsent(base, b -> Contract.of(document.body()));
    }

    /** The served OpenAPI document (as any authenticated caller reads it). */
    String openApiDocument() {
        return exchange("GET", "/openapi.json", null, false).body();
    }

    /** Waits for {@code GET /health} to answer 200 "up" (Jetty answers 404 before REST is published). */
    Api awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            // Jetty's own 404 before REST is published is not an answer of the API
            last = exchange("GET", "/health", null, false);
            if (last.status() == 200 && last.body().contains("\"up\"")) {
                get("/health");
                return this;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("appliance not up within " + timeout + "; last answer " + last);
    }
}
