package io.parley.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.auth.IssuedToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What {@code --json} prints (SPEC §33): the REST API's own answer to the same query, asked
 * over the appliance's loopback HTTP port with a one-minute administrator token. Going through
 * the API rather than rendering here keeps one JSON shape, one set of field names and one
 * error body for both faces.
 *
 * <pre>{@code
 * return RestJson.query("/instances/%d/skill-groups", instance()).param("name", name).print(auth, config);
 * }</pre>
 */
final class RestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String WEB_PID = "org.ops4j.pax.web";

    private final String path;
    private final Map<String, String> params = new LinkedHashMap<>();

    private RestJson(String path) {
        this.path = path;
    }

    /** A GET of {@code /api/v1} + the formatted path. */
    static RestJson query(String pathFormat, Object... args) {
        return new RestJson(String.format(pathFormat, args));
    }

    /** Adds a query parameter unless {@code value} is null. */
    RestJson param(String name, Object value) {
        if (value != null) {
            params.put(name, value.toString());
        }
        return this;
    }

    /**
     * Prints the answer indented; an error answer fails the command with the body's code and
     * message, as every command does.
     */
    Object print(AuthenticationService auth, ConfigurationAdmin config) throws Exception {
        if (auth == null) {
            throw new ParleyAction.CommandFailure("UNAVAILABLE", "--json needs the directory bundle (authentication), which is not running");
        }
        IssuedToken token = auth.issueOperatorToken();
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri(config))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token.token())
                    .header("Accept", "application/json")
                    .GET().build();
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ParleyAction.CommandFailure("UNAVAILABLE", "--json asks the REST API, which did not answer: " + e.getMessage());
        } finally {
            auth.revokeToken(token.token());
        }
        JsonNode body = body(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode error = body == null ? null : body.path("error");
            if (error == null || error.isMissingNode()) {
                throw new ParleyAction.CommandFailure("HTTP_" + response.statusCode(), response.body());
            }
            throw new ParleyAction.CommandFailure(error.path("code").asText(), error.path("message").asText());
        }
        System.out.println(body == null ? response.body() : MAPPER.writeValueAsString(body));
        return null;
    }

    private static JsonNode body(String text) {
        try {
            return text == null || text.isBlank() ? null : MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    URI uri(ConfigurationAdmin config) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&')
                .append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return URI.create("http://" + host(config) + ":" + port(config) + "/api/v1" + path + query);
    }

    /** The web container's configured port (etc/org.ops4j.pax.web.cfg), as Karaf reads it. */
    private static String port(ConfigurationAdmin config) {
        Object port = webSetting(config, "org.osgi.service.http.port");
        if (port == null) {
            port = System.getProperty("org.osgi.service.http.port", "8181");
        }
        return port.toString().trim();
    }

    /** Loopback unless the web container listens on one address only. */
    private static String host(ConfigurationAdmin config) {
        Object addresses = webSetting(config, "org.ops4j.pax.web.listening.addresses");
        String address = addresses == null ? "" : addresses.toString().trim();
        if (address.isEmpty() || address.contains(",") || address.equals("0.0.0.0") || address.equals("::")) {
            return "127.0.0.1";
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static Object webSetting(ConfigurationAdmin config, String key) {
        if (config == null) {
            return null;
        }
        try {
            Configuration[] found = config.listConfigurations("(service.pid=" + WEB_PID + ")");
            if (found == null || found.length == 0) {
                return null;
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            return properties == null ? null : properties.get(key);
        } catch (Exception e) { // IOException, or InvalidSyntaxException: no setting then
            return null;
        }
    }
}
