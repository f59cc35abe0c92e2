package io.parley.push.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.parley.api.push.PushItem;
import io.parley.api.push.PushResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class HttpPushSinkTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile int answer = 200;
    private HttpPushSink sink;

    @Before
    public void startReceiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/push", x -> {
            x.getRequestBody().readAllBytes();
            seen.add(x.getRequestHeaders().getFirst("Idempotency-Key") + " " + x.getRequestHeaders().getFirst("Authorization"));
            boolean bearer = String.valueOf(x.getRequestHeaders().getFirst("Authorization")).startsWith("Bearer t");
            x.sendResponseHeaders(bearer && answer == 401 ? 401 : answer, -1);
            x.close();
        });
        server.createContext("/token", x -> {
            x.getRequestBody().readAllBytes();
            int n = tokens.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"access_token\":\"t" + n + "\",\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        sink = new HttpPushSink(HttpClient.newHttpClient(), Clock.systemUTC());
    }

    @After
    public void stopReceiver() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static PushItem item(String sid) {
        return new PushItem(1, 1000001, "cdr", sid, "{\"Kind\":\"cdr\"}", Instant.now(), 1);
    }

    @Test
    public void twoHundredIsDeliveredWithTheIdempotencyKeyOfSessionAndKind() {
        PushResult r = sink.deliver(item("s-1"), Map.of("url", url("/push"), "auth", "basic", "username", "u",
                "password", "p"));
        assertTrue(r.delivered());
        assertEquals("s-1:cdr Basic dTpw", seen.get(0));
    }

    @Test
    public void serverErrorsAreRetriedAndARefusedPayloadIsNot() {
        answer = 503;
        PushResult r = sink.deliver(item("s-1"), Map.of("url", url("/push")));
        assertFalse(r.delivered());
        assertTrue(r.retryable());
        assertEquals("HTTP 503", r.detail());
        answer = 422;
        assertFalse(sink.deliver(item("s-1"), Map.of("url", url("/push"))).retryable());
        answer = 404;
        assertTrue("a wrong path may be fixed by the administrator", sink.deliver(item("s-1"),
                Map.of("url", url("/push"))).retryable());
    }

    @Test
    public void anUnreachableReceiverIsRetried() {
        PushResult r = sink.deliver(item("s-1"), Map.of("url", "http://127.0.0.1:9/push"));
        assertFalse(r.delivered());
        assertTrue(r.detail(), r.retryable());
    }

    @Test
    public void parallelDeliveriesShareOneOAuth2TokenAndARefusedTokenIsRenewed() throws Exception {
        Map<String, String> settings = Map.of("url", url("/push"), "auth", "oauth2", "token_url", url("/token"),
                "client_id", "c", "client_secret", "s");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<PushResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String sid = "s-" + i;
            results.add(pool.submit(() -> sink.deliver(item(sid), settings)));
        }
        for (Future<PushResult> f : results) {
            assertTrue(f.get().delivered());
        }
        pool.shutdown();
        assertEquals(1, tokens.get());
        assertTrue(seen.stream().allMatch(s -> s.endsWith("Bearer t1")));
        answer = 401;
        assertTrue(sink.deliver(item("s-9"), settings).retryable());
        answer = 200;
        assertTrue(sink.deliver(item("s-9"), settings).delivered());
        assertEquals(2, tokens.get());
    }
}
