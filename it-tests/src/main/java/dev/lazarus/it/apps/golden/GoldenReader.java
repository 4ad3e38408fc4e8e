package dev.lazarus.it.apps.golden;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;

/**
 * A service of the effects scenario, held in a field of {@link GoldenEffects}: each {@link #read} makes two
 * HTTP exchanges with its own client and returns a {@link Reading}, which is not plain data. Its declared
 * result is {@code Object}, which only run time can judge, so the body's call of it is journaled; at run time
 * its outcome cannot be encoded, so the call is journaled as recomputed, and its exchanges, caught at the
 * {@code java.net.http} boundary, are journaled inside the call's step.
 */
public class GoldenReader {
    private final HttpClient http;

    /** @param server the server its client reaches */
    public GoldenReader(InetSocketAddress server) {
        this.http = GoldenHttp.client(server);
    }

    /**
     * Reads {@link GoldenInputs#readingPath} 1 and 2 of {@code key} and {@code part}. Between the two exchanges
     * it reaches the {@link HaltPoints halt point} {@code read:<key>:<part>}: a call stopped there made its
     * first exchange only.
     *
     * @return a {@link Reading} of {@link #text} of the two bodies, declared {@code Object}
     */
    public Object read(String key, String part) throws IOException, InterruptedException {
        String first = body(GoldenInputs.readingPath(key, part, 1));
        HaltPoints.reach(GoldenInputs.haltPoint("read", key + ":" + part));
        String second = body(GoldenInputs.readingPath(key, part, 2));
        return new Reading(() -> text(first, second));
    }

    private String body(String path) throws IOException, InterruptedException {
        return http.send(GoldenHttp.get(path), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** @return what a {@link Reading} of these bodies says (public for the tests) */
    public static String text(String first, String second) {
        return first + " + " + second;
    }
}
