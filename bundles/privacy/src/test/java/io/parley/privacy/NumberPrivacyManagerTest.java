package io.parley.privacy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import io.parley.api.error.UpstreamException;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.GeneralSettings.MappingAuth;
import io.parley.api.settings.GeneralSettings.NumberProtection;
import io.parley.api.settings.GeneralSettings.ProtectionMode;
import io.parley.api.settings.GeneralSettings.UserIdMapping;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.settings.PushSettings;
import io.parley.api.settings.SettingsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class NumberPrivacyManagerTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String answer;
    private volatile long delayMillis;
    private volatile NumberProtection protection;
    private NumberPrivacyManager privacy;

    @Before
    public void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/map", x -> {
            requests.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                    + x.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        privacy = new NumberPrivacyManager(settings(), new UserIdMappingClient(HttpClient.newHttpClient(), Clock.systemUTC()));
    }

    @After
    public void stop() {
        server.stop(0);
    }

    private InstanceSettingsService settings() {
        return new InstanceSettingsService() {
            public InboundSettings inbound(long instanceId) {
                return InboundSettings.DEFAULTS;
            }

            public OutboundSettings outbound(long instanceId) {
                return OutboundSettings.DEFAULTS;
            }

            public GeneralSettings general(long instanceId) {
                return new GeneralSettings(GeneralSettings.DEFAULTS.holdAudio(), protection, false);
            }

            public PushSettings push(long instanceId) {
                return PushSettings.DEFAULTS;
            }

            public io.parley.api.settings.StorageSettings storage(long instanceId) {
                throw new UnsupportedOperationException("privacy reads no storage settings");
            }

            public Map<String, Object> view(long instanceId, SettingsSection section) {
                return Map.of();
            }

            public Map<String, Object> update(long instanceId, SettingsSection section, Map<String, Object> patch) {
                return Map.of();
            }
        };
    }

    private void mapping() {
        protection = new NumberProtection(ProtectionMode.MAP_TO_USER_ID, false, false, new UserIdMapping(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/map", MappingAuth.BASIC, "u", "p", null));
    }

    @Test
    public void maskingAppliesPerDirection() {
        protection = new NumberProtection(ProtectionMode.MASK, true, false, null);
        assertEquals("0086189****8352", privacy.forAgent(1, "008618912348352", "inbound"));
        assertEquals("008618912348352", privacy.forAgent(1, "008618912348352", "outbound"));
        protection = new NumberProtection(ProtectionMode.NONE, true, true, null);
        assertEquals("008618912348352", privacy.forAgent(1, "008618912348352", "inbound"));
    }

    @Test
    public void phoneToUidIsAskedOnceInTheWireFormatAndCached() {
        mapping();
        answer = "{\"Code\":0,\"Results\":[{\"Key\":\"008613988888888\",\"Value\":\"U1001\"}]}";
        assertEquals("U1001", privacy.forAgent(1, "008613988888888", "inbound"));
        assertEquals("U1001", privacy.forAgent(1, "008613988888888", "outbound"));
        assertEquals(1, requests.size());
        assertEquals("{\"Numbers\":[\"008613988888888\"],\"Mode\":\"PhoneToUID\"} Basic dTpw", requests.get(0));
    }

    @Test
    public void aFailedPhoneToUidShowsTheMaskedNumber() {
        mapping();
        answer = "{\"Code\":3,\"Results\":[]}";
        assertEquals("0086139****8888", privacy.forAgent(1, "008613988888888", "inbound"));
        answer = "{\"Code\":0,\"Results\":[{\"Key\":\"other\",\"Value\":\"U1\"}]}";
        assertEquals("0086139****7777", privacy.forAgent(1, "008613977777777", "inbound"));
    }

    @Test
    public void uidToPhoneGivesTheNumberToDialOrMappingFailed() {
        mapping();
        answer = "{\"Code\":0,\"Results\":[{\"Key\":\"U1001\",\"Value\":\"008613988888888\"}]}";
        assertEquals("008613988888888", privacy.toNumber(1, "U1001"));
        answer = "{\"Code\":7}";
        expectMappingFailed(() -> privacy.toNumber(1, "U1002"), "Code 7");
        answer = "{\"Code\":0,\"Results\":[{\"Key\":\"U1003\",\"Value\":\"13988888888\"}]}";
        expectMappingFailed(() -> privacy.toNumber(1, "U1003"), "not a number of 00");
        protection = new NumberProtection(ProtectionMode.MASK, true, true, null);
        assertEquals("U1004", privacy.toNumber(1, "U1004"));
    }

    @Test
    public void aMappingServiceSlowerThanThreeSecondsFails() {
        mapping();
        delayMillis = 3_500;
        answer = "{\"Code\":0,\"Results\":[{\"Key\":\"U1\",\"Value\":\"008613988888888\"}]}";
        expectMappingFailed(() -> privacy.toNumber(1, "U1"), "within 3 s");
    }

    private static void expectMappingFailed(Runnable r, String detail) {
        try {
            r.run();
            fail("expected MAPPING_FAILED");
        } catch (UpstreamException e) {
            assertEquals("MAPPING_FAILED", e.code());
            assertEquals("callee", e.field());
            assertTrue(e.getMessage(), e.getMessage().contains(detail));
        }
    }
}
