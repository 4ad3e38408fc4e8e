package dev.lazarus.it.apps.golden;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;

/**
 * The durable method of the golden scenario {@code effects} (format v2): HTTP exchanges journaled where they
 * happen. Its body sends a request itself with the {@code java.net.http} client in its field (an effect of
 * recomputed code: a step of its own, the exchange as data), then calls the {@link GoldenReader} in its other
 * field twice (journaled calls whose outcome is not plain data: each is journaled as recomputed, with the two
 * exchanges it made inside recorded under its step).
 */
public class GoldenEffects {
    private final HttpClient http;
    private final GoldenReader reader;

    /** @param server the outside world's address */
    public GoldenEffects(InetSocketAddress server) {
        this.http = GoldenHttp.client(server);
        this.reader = new GoldenReader(server);
    }

    /** @return the page's status and body and the two readings' texts */
    @Durable(name = "golden.fetch")
    public String fetch(@ExecutionKey String key) throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(
                GoldenHttp.get(GoldenInputs.httpPath(key, GoldenInputs.PAGE)), HttpResponse.BodyHandlers.ofString());
        Reading first = (Reading) reader.read(key, GoldenInputs.FIRST_READING);
        Reading second = (Reading) reader.read(key, GoldenInputs.SECOND_READING);
        return summary(page.statusCode(), page.body(), first.text(), second.text());
    }

    /** @return what {@link #fetch} returns for these values (a helper of the body, public for the tests) */
    public static String summary(int status, String page, String first, String second) {
        return GoldenFlows.joined(status + " " + page, first, second);
    }
}
