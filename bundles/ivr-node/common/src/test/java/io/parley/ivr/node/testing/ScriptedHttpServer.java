package io.parley.ivr.node.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) that answers from a script and writes
 * down what it was sent: the customer's server of an API call or a callback.
 *
 * <pre>{@code
 * try (ScriptedHttpServer server = new ScriptedHttpServer()) {
 *     server.answer(200, "{\"Score\":\"95\"}");
 *     ... node.execute(call) with url server.url("/score") ...
 *     server.requests;   // ["POST /score?x=1 {\"Callee\":\"…\"}"]
 * }
 * }</pre>
 */
public final class ScriptedHttpServer implements AutoCloseable {

    private record Answer(int status, String body) {
    }

    private static final Answer HANG = new Answer(0, null);

    /** "METHOD path?query body" of each request, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> contentTypes = new CopyOnWriteArrayList<>();

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;

    public ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** The next request gets this answer; once the script is used up, 500. */
    public synchronized ScriptedHttpServer answer(int status, String body) {
        answers.add(new Answer(status, body));
        return this;
    }

    /** The next request gets no answer until the server is closed. */
    public synchronized ScriptedHttpServer hang() {
        answers.add(HANG);
        return this;
    }

    private synchronized Answer next() {
        return answers.isEmpty() ? new Answer(500, "") : answers.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                + (query == null ? "" : "?" + query) + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
        Answer a = next();
        if (a == HANG) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            a = new Answer(200, "{}");
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening; a request still waiting is let go. */
    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
