package dev.lazarus.it.apps.limits;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Ledger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Values over the journal's record limit (64 MiB), as a user's code makes them by accident: a tool call that
 * returns a whole file, a durable method given or returning a huge document.
 *
 * <p>{@code OversizedApp result KEY}: a durable flow whose outside call ({@link Downloads#fetch}, one ledger line
 * per real call) returns 70 MiB, then publishes. {@code OversizedApp argument KEY}: a durable method given 70 MiB.
 * {@code OversizedApp own KEY}: a durable method that returns 70 MiB itself. {@code OversizedApp http KEY URL}: a
 * durable flow that downloads {@code URL} with {@code java.net.http} as its README shows (a response of 70 MiB from
 * the test's server, which keeps the ledger of requests), then publishes. {@code OversizedApp event KEY}: a durable
 * flow that sends an event of 70 MiB with {@code Lazarus.sendEvent}. Each prints {@code RESULT <size>} or
 * {@code THREW <exception>}.
 */
public class OversizedApp {
    /** An outside service: its downloads are paid for, so each real one is a ledger line. */
    public static class Downloads {
        private final Ledger ledger;

        public Downloads(Ledger ledger) {
            this.ledger = ledger;
        }

        public byte[] fetch(String key) {
            ledger.append("fetch", key, "70MiB");
            return new byte[70 << 20];
        }
    }

    private final Downloads downloads;
    private final Ledger ledger;

    OversizedApp(Ledger ledger) {
        this.ledger = ledger;
        this.downloads = new Downloads(ledger);
    }

    @Durable
    public int result(@ExecutionKey String key) {
        byte[] file = downloads.fetch(key);
        ledger.append("publish", key, String.valueOf(file.length));
        return file.length;
    }

    @Durable
    public int argument(@ExecutionKey String key, byte[] document) {
        ledger.append("argument", key, String.valueOf(document.length));
        return document.length;
    }

    @Durable
    public byte[] own(@ExecutionKey String key) {
        ledger.append("own", key, "70MiB");
        return new byte[70 << 20];
    }

    @Durable
    public int http(@ExecutionKey String key, String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        ledger.append("publish", key, String.valueOf(response.body().length));
        return response.body().length;
    }

    @Durable
    public int event(@ExecutionKey String key) {
        ledger.append("event", key, "70MiB");
        Lazarus.sendEvent("document", key, new byte[70 << 20]);
        ledger.append("sent", key, "70MiB");
        return 70 << 20;
    }

    public static void main(String[] args) throws Exception {
        OversizedApp app = new OversizedApp(Ledger.fromSystemProperty());
        String key = args[1];
        try {
            int size = switch (args[0]) {
                case "result" -> app.result(key);
                case "argument" -> app.argument(key, new byte[70 << 20]);
                case "own" -> app.own(key).length;
                case "http" -> app.http(key, args[2]);
                case "event" -> app.event(key);
                default -> throw new IllegalArgumentException(args[0]);
            };
            System.out.println("RESULT " + size);
        } catch (RuntimeException e) {
            System.out.println("THREW " + e);
        }
    }
}
