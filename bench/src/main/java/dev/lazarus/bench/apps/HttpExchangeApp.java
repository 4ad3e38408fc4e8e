package dev.lazarus.bench.apps;

import com.sun.net.httpserver.HttpServer;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One journaled OkHttp exchange over loopback: a durable body POSTs a small JSON request with a field-held
 * {@code OkHttpClient} and reads the answer, {@code n} times; a server in the same JVM (its threads run no
 * execution) stamps each request's arrival, and the gap between two arrivals is the full cost of one exchange
 * as the body sees it — with the agent, the boundary, the codec and the journal append and its wait. Run with
 * and without the agent; the disk's floor (appends of 256 bytes with fdatasync) is measured in the same JVM
 * just before and after, so "exchange with the agent − exchange without − floor" compares figures taken side
 * by side.
 *
 * <p>Two ways to read the answer. {@code body} is the code people write: {@code response.body().string()} in the
 * durable body. That call is on a value reached through the field-held client and returns plain data, so it is
 * journaled as a step of its own (as {@code explain} shows), and in {@code fsync} mode each exchange then waits for
 * two syncs: the exchange at the OkHttp boundary and the body's string. {@code boundary} reads the answer in a
 * static helper ({@link Answers}), code outside the body, so the exchange is the only thing journaled: the cost of
 * the boundary itself.
 *
 * <p>{@code HttpExchangeApp N WARM FLOOR_DIR FLOOR_OPS [body|boundary]}: prints {@code exchange.*} and
 * {@code floor.*} percentiles.
 */
public class HttpExchangeApp {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final byte[] ANSWER =
            "{\"id\":\"a-1\",\"status\":\"ok\",\"summary\":\"0123456789abcdef0123456789abcdef\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private final OkHttpClient http = new OkHttpClient();
    private final String url;
    private final boolean readInBody;

    HttpExchangeApp(String url, boolean readInBody) {
        this.url = url;
        this.readInBody = readInBody;
    }

    @Durable
    public int run(@ExecutionKey String key, int n) throws IOException {
        int total = 0;
        for (int i = 0; i < n; i++) {
            Request request = new Request.Builder()
                    .url(url)
                    .post(RequestBody.create("{\"i\":" + i + ",\"q\":\"weather in oslo\"}", JSON))
                    .build();
            try (Response response = http.newCall(request).execute()) {
                total += readInBody ? response.body().string().length() : Answers.length(response);
            }
        }
        return total;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int warm = Integer.parseInt(args[1]);
        Path floorDir = Path.of(args[2]);
        int floorOps = Integer.parseInt(args[3]);
        boolean readInBody = args.length < 5 || args[4].equals("body");
        long[] arrivals = new long[n];
        int[] count = {0};
        boolean[] stamping = {false};
        // without it the JDK's server waits for the client's delayed ACK (about 40 ms) before each answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "loopback-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            if (stamping[0] && count[0] < arrivals.length) {
                arrivals[count[0]++] = System.nanoTime();
            }
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
        String nonce = Long.toString(System.nanoTime(), 36);
        HttpExchangeApp app =
                new HttpExchangeApp("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/answer", readInBody);
        app.run("warm-" + nonce, warm);
        long[] before = Floor.measure(floorDir, true, floorOps);
        stamping[0] = true;
        app.run("measured-" + nonce, n);
        stamping[0] = false;
        Floor.report(before, Floor.measure(floorDir, true, floorOps));
        long[] gaps = new long[count[0] - 1];
        for (int i = 1; i < count[0]; i++) {
            gaps[i - 1] = arrivals[i] - arrivals[i - 1];
        }
        Out.percentiles("exchange", gaps, gaps.length);
        server.stop(0);
        System.exit(0);
    }

    /** Reads an answer outside the durable body: a static call there is recomputed, and nothing in it journaled. */
    static final class Answers {
        private Answers() {}

        static int length(Response response) throws IOException {
            return response.body().string().length();
        }
    }
}
