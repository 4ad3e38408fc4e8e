package dev.lazarus.it.apps.golden;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lazarus.it.apps.support.Ledger;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The outside world of the golden scenario {@code effects}: an HTTP server on 127.0.0.1 that answers every
 * {@code GET} with {@value #STATUS} and {@link Answers#http} of its path, as {@value #CONTENT_TYPE}, and appends
 * what it saw to the ledger ({@code http <path> -> <body>}) before it answers, so a request the caller saw
 * answered is in the ledger. The generator's clients reach it as their proxy for {@link GoldenInputs#HTTP_HOST}.
 *
 * <p>Its answers depend only on the path. The only part of an exchange that depends on the run is the
 * {@code Date} header the JDK's server adds to every response (with {@code Content-length}, from the body's
 * size, and the {@code Content-Type} set here); the tests that read a journal check it is a date of the
 * exchange rather than compare it.
 */
public final class GoldenHttpServer implements AutoCloseable {
    /** The {@code Content-Type} of every answer. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    /** The status of every answer to a {@code GET}. */
    public static final int STATUS = 200;

    private final HttpServer server;
    private final Ledger ledger;

    private GoldenHttpServer(HttpServer server, Ledger ledger) {
        this.server = server;
        this.ledger = ledger;
    }

    /**
     * Starts a server on 127.0.0.1 at a free port.
     *
     * @param ledger the file it appends what it saw to
     * @return the running server
     */
    public static GoldenHttpServer start(Path ledger) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        GoldenHttpServer golden = new GoldenHttpServer(server, new Ledger(ledger));
        server.createContext("/", golden::answer);
        server.start(); // one dispatcher thread answers requests one at a time, in the order they came
        return golden;
    }

    /** @return where the server listens */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body = Answers.http(path);
            ledger.append("http", path, body);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(STATUS, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
