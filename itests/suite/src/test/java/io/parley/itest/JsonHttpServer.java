package io.parley.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A customer's HTTP server for the IVR tests, on 127.0.0.1: it reads each POST's JSON body and
 * answers 200 with what {@code answer} makes of it. A plain socket server, since the JDK's
 * {@code com.sun.net.httpserver} is not exported to bundles in the container.
 */
final class JsonHttpServer implements AutoCloseable {

    final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final UnaryOperator<String> answer;
    private final Thread thread;

    JsonHttpServer(UnaryOperator<String> answer) throws IOException {
        this.answer = answer;
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.thread = new Thread(this::serve, "itest-http");
        thread.setDaemon(true);
        thread.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                int length = 0;
                String line;
                while (!(line = readLine(in)).isEmpty()) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                bodies.add(body);
                byte[] out = answer.apply(body).getBytes(StandardCharsets.UTF_8);
                OutputStream o = s.getOutputStream();
                o.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + out.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                o.write(out);
                o.flush();
            } catch (IOException | RuntimeException e) {
                // closed, or a client that went away: next one
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
