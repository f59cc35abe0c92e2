package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.error.UpstreamException;
import io.parley.api.instance.InstanceService;
import io.parley.api.privacy.NumberPrivacy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Number privacy through the {@code NumberPrivacy} service of the running appliance, configured
 * over REST ({@code {I}/settings/general.number_protection}): masking per direction (SPEC §25)
 * and number-to-user-ID mapping (§26) against a customer mapping service on 127.0.0.1 (a JDK
 * HTTP server in the probe) with basic and OAuth2 auth, the §26.3 wire format, the cache, and
 * the §26.2 failure rules (masked number inbound, MAPPING_FAILED outbound).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class NumberPrivacyIT {

    @Inject
    NumberPrivacy privacy;

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    private long instance() {
        return instances.defaultInstance().id();
    }

    private void protection(String json) {
        Api.Answer a = Api.appliance().asAdmin(auth).patch("/instances/" + instance() + "/settings/general",
                "{\"number_protection\":" + json + "}");
        assertEquals(a.toString(), 200, a.status());
    }

    @Test
    public void agentsSeeTheMiddleFourNationalDigitsMaskedOnlyInTheDirectionsTurnedOn() {
        protection("{\"mode\":\"mask\",\"mask_inbound\":true,\"mask_outbound\":false,\"user_id_mapping\":null}");
        // the distribution's default country code is 86: a Chinese mobile is shown national
        assertEquals("189****8352", privacy.forAgent(instance(), "008618912348352", "inbound"));
        assertEquals("008618912348352", privacy.forAgent(instance(), "008618912348352", "outbound"));
        assertEquals("0044020****0000", privacy.forAgent(instance(), "004402079460000", "inbound"));
        assertEquals("8001", privacy.forAgent(instance(), "8001", "inbound"));
        protection("{\"mode\":\"none\"}");
        assertEquals("008618912348352", privacy.forAgent(instance(), "008618912348352", "inbound"));
    }

    @Test
    public void numbersMapToUserIdsThroughTheCustomerServiceWithBasicAuthAndTheWireFormat() {
        MappingService service = MappingService.ONE;
        protection("{\"mode\":\"map_to_user_id\",\"user_id_mapping\":{\"request_url\":\"" + service.url("/map")
                + "\",\"auth\":\"basic\",\"username\":\"parley\",\"password\":\"m4p\",\"oauth2\":null}}");
        int before = service.requests.size();
        assertEquals("U-008613911112222", privacy.forAgent(instance(), "008613911112222", "inbound"));
        assertEquals("cached", "U-008613911112222", privacy.forAgent(instance(), "008613911112222", "outbound"));
        assertEquals(before + 1, service.requests.size());
        MappingService.Request r = service.requests.get(before);
        assertEquals("{\"Numbers\":[\"008613911112222\"],\"Mode\":\"PhoneToUID\"}", r.body());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("parley:m4p".getBytes(StandardCharsets.UTF_8)),
                r.authorization());
        assertEquals("application/json", r.contentType());

        assertEquals("008613933334444", privacy.toNumber(instance(), "U-008613933334444"));
        assertEquals("{\"Numbers\":[\"U-008613933334444\"],\"Mode\":\"UIDToPhone\"}",
                service.requests.get(service.requests.size() - 1).body());
    }

    @Test
    public void aFailingMappingServiceShowsTheMaskedNumberInboundAndRefusesTheCallOutboundWithMappingFailed() {
        MappingService service = MappingService.ONE;
        protection("{\"mode\":\"map_to_user_id\",\"user_id_mapping\":{\"request_url\":\"" + service.url("/map")
                + "\",\"auth\":\"basic\",\"username\":\"parley\",\"password\":\"m4p\",\"oauth2\":null}}");
        // the service answers Code 5 for numbers ending in 0000 and IDs starting with X, and is slow for 9999
        assertEquals("139****0000", privacy.forAgent(instance(), "008613955550000", "inbound"));
        expectMappingFailed(() -> privacy.toNumber(instance(), "X-unknown"), "Code 5");
        expectMappingFailed(() -> privacy.toNumber(instance(), "U-008613900009999"), "3 s");
        // wrong credentials: the service answers 401
        protection("{\"user_id_mapping\":{\"password\":\"wrong\"}}");
        expectMappingFailed(() -> privacy.toNumber(instance(), "U-008613977778888"), "HTTP 401");
    }

    @Test
    public void theMappingServiceCanBeReachedWithAnOAuth2TokenFetchedOnce() {
        MappingService service = MappingService.ONE;
        protection("{\"mode\":\"map_to_user_id\",\"user_id_mapping\":{\"request_url\":\"" + service.url("/map")
                + "\",\"auth\":\"oauth2\",\"username\":null,\"password\":null,\"oauth2\":{\"token_url\":\""
                + service.url("/token") + "\",\"client_id\":\"parley\",\"client_secret\":\"cs\"}}}");
        int tokens = service.tokens.get();
        assertEquals("U-008613811112222", privacy.forAgent(instance(), "008613811112222", "inbound"));
        assertEquals("008613822223333", privacy.toNumber(instance(), "U-008613822223333"));
        assertEquals(tokens + 1, service.tokens.get());
        assertEquals("Bearer " + MappingService.TOKEN, service.requests.get(service.requests.size() - 1).authorization());
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

    /**
     * The customer's mapping service (SPEC §26.3): a number maps to {@code U-<number>} and back;
     * numbers ending in 0000 and IDs starting with X answer Code 5; anything with 9999 answers after
     * 4 s; credentials other than parley:m4p or the OAuth2 token get 401.
     */
    static final class MappingService {
        static final String TOKEN = "map-token";
        static final MappingService ONE = start();

        record Request(String body, String authorization, String contentType) {
        }

        final List<Request> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger tokens = new AtomicInteger();
        private HttpServer server;

        static MappingService start() {
            MappingService s = new MappingService();
            try {
                s.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
                s.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "itest-mapping-service");
                    t.setDaemon(true);
                    return t;
                }));
                s.server.createContext("/map", s::map);
                s.server.createContext("/token", s::token);
                // started from a daemon thread, so its dispatcher thread is one too and never keeps the container up
                Thread starter = new Thread(s.server::start, "itest-mapping-start");
                starter.setDaemon(true);
                starter.start();
                starter.join();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return s;
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        private void map(HttpExchange x) throws IOException {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = x.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(body, authorization, x.getRequestHeaders().getFirst("Content-Type")));
            String basic = "Basic " + Base64.getEncoder().encodeToString("parley:m4p".getBytes(StandardCharsets.UTF_8));
            if (!basic.equals(authorization) && !("Bearer " + TOKEN).equals(authorization)) {
                send(x, 401, "{}");
                return;
            }
            var json = Api.JSON.readTree(body);
            String value = json.get("Numbers").get(0).asText();
            String mode = json.get("Mode").asText();
            if (value.contains("9999")) {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (value.endsWith("0000") || value.startsWith("X")) {
                send(x, 200, "{\"Code\":5,\"Results\":[]}");
                return;
            }
            String converted = mode.equals("PhoneToUID") ? "U-" + value : value.substring(2);
            send(x, 200, "{\"Code\":0,\"Results\":[{\"Key\":\"" + value + "\",\"Value\":\"" + converted + "\"}]}");
        }

        private void token(HttpExchange x) throws IOException {
            x.getRequestBody().readAllBytes();
            String expected = "Basic " + Base64.getEncoder().encodeToString("parley:cs".getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                send(x, 401, "{}");
                return;
            }
            tokens.incrementAndGet();
            send(x, 200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        }

        private static void send(HttpExchange x, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
            x.close();
        }
    }
}
