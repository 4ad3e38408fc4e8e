package dev.lazarus.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The outside world of an end-to-end test: an HTTP server on 127.0.0.1 in the test's own JVM, which the child
 * JVMs call and which outlives their SIGKILLs. It keeps the ledger of what the outside world saw — every
 * request, in arrival order — on its side, so a test asserts on what really reached the network, never on the
 * agent's journal. Each route answers with what a real service of that kind sends: the tests build the
 * responses in the real wire formats (chat completions, messages, server-sent events).
 */
public final class FakeServer implements AutoCloseable {
    /** One request as the server received it. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** @return the first value of a header (case-insensitive), or {@code null} */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** A response: status, content type, and the body's parts (each flushed on its own, as a stream is). */
    public record Response(int status, String contentType, List<String> parts) {
        /** A JSON response sent in one piece. */
        public static Response json(String json) {
            return new Response(200, "application/json", List.of(json));
        }

        /** A server-sent event stream: each event flushed as its own chunk. */
        public static Response events(List<String> events) {
            return new Response(200, "text/event-stream", events);
        }
    }

    private final HttpServer server;
    private final List<Request> ledger = new ArrayList<>();
    private final Map<String, Function<Request, Response>> routes = new LinkedHashMap<>();
    /** Streams are held after this many parts until {@link #releaseStreams}; -1: never held. */
    private volatile int holdStreamsAfter = -1;

    private volatile java.util.concurrent.CountDownLatch streamsHeld = new java.util.concurrent.CountDownLatch(0);

    private FakeServer(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fake-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
    }

    /** @return a started server with no routes yet */
    public static FakeServer start() throws IOException {
        return start(4);
    }

    /**
     * @param threads how many requests the server handles at once: more than the default 4 for scenarios whose
     *     handlers hold requests (parallel tool calls held in flight while others are answered)
     * @return a started server with no routes yet
     */
    public static FakeServer start(int threads) throws IOException {
        FakeServer s = new FakeServer(threads);
        s.server.start();
        return s;
    }

    /**
     * Answers requests whose path starts with {@code pathPrefix} (the first matching route wins).
     *
     * @return this server
     */
    public synchronized FakeServer route(String pathPrefix, Function<Request, Response> handler) {
        routes.put(pathPrefix, handler);
        return this;
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return every request so far, in arrival order */
    public synchronized List<Request> requests() {
        return List.copyOf(ledger);
    }

    /** @return the requests so far whose path starts with {@code pathPrefix} */
    public synchronized List<Request> requests(String pathPrefix) {
        return ledger.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    /**
     * From now on, a response sent as a stream (more than one part) stops after {@code parts} parts, its
     * connection open, until {@link #releaseStreams}: a client killed meanwhile was in the middle of the stream.
     */
    public void holdStreamsAfter(int parts) {
        streamsHeld = new java.util.concurrent.CountDownLatch(1);
        holdStreamsAfter = parts;
    }

    /** Lets held streams go on, and streams that follow run through. */
    public void releaseStreams() {
        holdStreamsAfter = -1;
        streamsHeld.countDown();
    }

    /** Forgets the requests so far (the routes stay). */
    public synchronized void clear() {
        ledger.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            Request request = new Request(
                    exchange.getRequestMethod(), path, new LinkedHashMap<>(exchange.getRequestHeaders()), body);
            Function<Request, Response> handler = null;
            synchronized (this) {
                ledger.add(request);
                for (Map.Entry<String, Function<Request, Response>> e : routes.entrySet()) {
                    if (path.startsWith(e.getKey())) {
                        handler = e.getValue();
                        break;
                    }
                }
            }
            Response response = handler == null
                    ? new Response(404, "application/json", List.of("{\"error\":\"no route for " + path + "\"}"))
                    : handler.apply(request);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean stream = response.parts().size() > 1;
            byte[] whole = String.join("", response.parts()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), stream ? 0 : whole.length);
            OutputStream out = exchange.getResponseBody();
            if (stream) {
                int holdAfter = holdStreamsAfter;
                java.util.concurrent.CountDownLatch held = streamsHeld;
                int sent = 0;
                for (String part : response.parts()) {
                    if (sent++ == holdAfter) {
                        awaitRelease(held);
                    }
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } else {
                out.write(whole);
            }
        }
    }

    private static void awaitRelease(java.util.concurrent.CountDownLatch held) {
        try {
            held.await(Apps.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        releaseStreams();
        server.stop(0);
    }
}
