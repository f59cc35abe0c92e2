package io.parley.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A REST client for tests: real HTTP to the appliance, JSON answers as trees. */
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for {@code GET /health} to answer 200 "up" (Jetty answers 404 before REST is published). */
    Api awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get("/health");
            if (last.status() == 200 && last.body().contains("\"up\"")) {
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
