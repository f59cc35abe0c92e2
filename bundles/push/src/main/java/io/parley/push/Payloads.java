package io.parley.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The push payloads of SPEC §34 point 42, rendered once when an item is queued (so every retry
 * sends the same bytes): a CDR is the §27.1 record with {@code "Kind":"cdr"}; a recording is
 * {@code {"Kind":"recording","SessionId","Url","Duration","Format","Channels":2}}; a voicemail
 * {@code {"Kind":"voicemail","SessionId","Url","Duration"}}; each carries {@code SdkAppId} (the
 * instance id) and {@code Timestamp} (UNIX seconds of the event).
 */
final class Payloads {

    static final String CDR = "cdr";
    static final String RECORDING = "recording";
    static final String VOICEMAIL = "voicemail";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String publicBaseUrl;

    /** @param publicBaseUrl the REST base the customer downloads from, e.g. {@code https://parley.example.com:8443/api/v1} */
    Payloads(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    /** @throws IllegalArgumentException when {@code recordJson} is not a JSON object */
    String cdr(long instanceId, String recordJson, Instant at) {
        JsonNode record;
        try {
            record = JSON.readTree(recordJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record.json is not JSON: " + e.getOriginalMessage());
        }
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("record.json is not a JSON object");
        }
        ObjectNode out = head(CDR, instanceId, at);
        out.setAll((ObjectNode) record);
        return out.toString();
    }

    String recording(long instanceId, String sessionId, int durationS, int channels, Instant at) {
        ObjectNode out = head(RECORDING, instanceId, at);
        out.put("SessionId", sessionId);
        out.put("Url", url(instanceId, sessionId, "recording"));
        out.put("Duration", durationS);
        out.put("Format", "wav");
        out.put("Channels", channels);
        return out.toString();
    }

    String voicemail(long instanceId, String sessionId, int durationS, Instant at) {
        ObjectNode out = head(VOICEMAIL, instanceId, at);
        out.put("SessionId", sessionId);
        out.put("Url", url(instanceId, sessionId, "voicemail"));
        out.put("Duration", durationS);
        return out.toString();
    }

    /** SPEC §27.3/§28: the record's file, as a download. */
    private String url(long instanceId, String sessionId, String file) {
        return publicBaseUrl + "/instances/" + instanceId + "/records/"
                + URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20") + "/" + file + "?download=1";
    }

    private static ObjectNode head(String kind, long instanceId, Instant at) {
        ObjectNode out = JSON.createObjectNode();
        out.put("Kind", kind);
        out.put("SdkAppId", instanceId);
        out.put("Timestamp", at.getEpochSecond());
        return out;
    }
}
