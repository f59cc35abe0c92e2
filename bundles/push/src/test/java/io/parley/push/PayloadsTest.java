package io.parley.push;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.Test;

public class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Payloads payloads = new Payloads("https://parley.example.com:8443/api/v1/");
    private final Instant at = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    public void aCdrIsTheRecordWithKindSdkAppIdAndTimestamp() throws Exception {
        JsonNode n = JSON.readTree(payloads.cdr(1000001, "{\"session_id\":\"s-1\",\"status\":\"normal_end\","
                + "\"ivr_path\":[{\"node_id\":\"main_menu\"}]}", at));
        assertEquals("cdr", n.get("Kind").asText());
        assertEquals(1000001, n.get("SdkAppId").asLong());
        assertEquals(at.getEpochSecond(), n.get("Timestamp").asLong());
        assertEquals("s-1", n.get("session_id").asText());
        assertEquals("main_menu", n.get("ivr_path").get(0).get("node_id").asText());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aRecordThatIsNotAJsonObjectIsRefused() {
        payloads.cdr(1000001, "[1,2]", at);
    }

    @Test
    public void recordingAndVoicemailCarryTheirDownloadUrl() throws Exception {
        JsonNode r = JSON.readTree(payloads.recording(1000001, "s 1", 61, 2, at));
        assertEquals("recording", r.get("Kind").asText());
        assertEquals("s 1", r.get("SessionId").asText());
        assertEquals("https://parley.example.com:8443/api/v1/instances/1000001/records/s%201/recording?download=1",
                r.get("Url").asText());
        assertEquals(61, r.get("Duration").asInt());
        assertEquals("wav", r.get("Format").asText());
        assertEquals(2, r.get("Channels").asInt());
        JsonNode v = JSON.readTree(payloads.voicemail(1000001, "s-2", 12, at));
        assertEquals("voicemail", v.get("Kind").asText());
        assertEquals("https://parley.example.com:8443/api/v1/instances/1000001/records/s-2/voicemail?download=1",
                v.get("Url").asText());
        assertEquals(12, v.get("Duration").asInt());
        assertEquals(1000001, v.get("SdkAppId").asLong());
    }
}
