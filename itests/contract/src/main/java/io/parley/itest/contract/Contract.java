package io.parley.itest.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The REST contract: whether an answer of the appliance is one its OpenAPI document allows
 * (status, content type, body schema; a property the document does not name is a violation,
 * the validator's default). Strings in and out only, so a caller in another bundle shares no
 * library with this one. Example:
 * <pre>{@code
 * Contract contract = Contract.of(openApiJson);
 * String wrong = contract.violations("GET", "/api/v1/instances", 200, "application/json", body);
 * if (wrong != null) throw new AssertionError(wrong);
 * }</pre>
 */
public final class Contract {

    private final OpenApiInteractionValidator validator;

    private Contract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** The contract of {@code document}, an OpenAPI 3 document in JSON. */
    public static Contract of(String document) {
        return inThisBundle(() -> new Contract(OpenApiInteractionValidator.createForInlineApiSpecification(document).build()));
    }

    /**
     * What is wrong with an answer, or null when it keeps the contract.
     *
     * @param path the request path as sent, from the server root (e.g. {@code /api/v1/instances}), no query
     */
    public String violations(String method, String path, int status, String contentType, String body) {
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            answer.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            answer.withBody(body);
        }
        ValidationReport report = inThisBundle(() -> validator.validateResponse(path,
                Request.Method.valueOf(method.toUpperCase(java.util.Locale.ROOT)), answer.build()));
        if (!report.hasErrors()) {
            return null;
        }
        boolean undocumented = report.getMessages().stream().anyMatch(m -> UNDOCUMENTED.contains(m.getKey()));
        if (undocumented && status >= 400) {
            // an unknown path or method is refused by the API itself: with the one error body
            return errorBody(body) ? null
                    : "an answer to a path or method the document does not have must still be the SPEC §0.2 error body";
        }
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("; "));
    }

    /** The validator's keys for a request that matches no operation of the document. */
    private static final java.util.Set<String> UNDOCUMENTED = java.util.Set.of(
            "validation.request.path.missing", "validation.request.operation.notAllowed");

    private static boolean errorBody(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(body == null ? "" : body).path("error");
            return error.path("code").isTextual() && error.path("message").isTextual();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The OpenAPI document the rest build wrote and the client in {@code io.parley.itest.client} was generated from. */
    public static String buildTimeDocument() {
        try (java.io.InputStream in = Contract.class.getResourceAsStream("/parley-openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("parley-openapi.json is not packaged in the contract bundle");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The parser finds its extensions with the context class loader: ours, where they are embedded. */
    private static <T> T inThisBundle(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Contract.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
