package dev.lazarus.it.apps.parallel;

import dev.lazarus.Lazarus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The agent's tool, as a team would write it: a service held in a field whose one method reaches a tool server
 * over {@code java.net.http} and answers with plain text, so a call to it is journaled (and its exchange is
 * the effect under it). Each request carries {@link Lazarus#stepKey()} in the {@code Lazarus-Step-Key} header:
 * the server's ledger tells a call sent again because it was in flight at a crash (the same key) from a call
 * run twice (another key).
 *
 * <p>Random delays, for the schedule test: with the system property {@code it.tools.maxDelayMillis} above 0,
 * each lookup sleeps a little before it sends and asks the server to hold its answer a little, both derived
 * from the topic and {@code it.tools.delaySalt}, so that lookups of one fan-out finish in an order that
 * changes from topic to topic (each execution of the schedule test has its own topics).
 */
public final class LookupTools {
    /** The header that carries the step key of the lookup to the tool server. */
    public static final String STEP_KEY_HEADER = "Lazarus-Step-Key";

    private static final int MAX_DELAY_MILLIS = Integer.getInteger("it.tools.maxDelayMillis", 0);
    private static final long DELAY_SALT = Long.getLong("it.tools.delaySalt", 0L);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    /** @param baseUrl the tool server, {@code http://127.0.0.1:PORT} */
    public LookupTools(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Looks a topic up.
     *
     * @return the tool server's answer, {@code <topic>:<facts>#<n>}
     * @throws ToolFailedException when the tool server answers with an error status
     */
    public String lookup(String topic) {
        int delay = delayMillis(topic);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/tools/lookup?topic="
                        + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&hold=" + delay))
                .GET();
        String key = Lazarus.stepKey(); // null without the agent (and outside a journaled call)
        if (key != null) {
            request.header(STEP_KEY_HEADER, key);
        }
        try {
            if (delay > 0) {
                Thread.sleep(delay / 3); // the branches reach the server in an order of their own, too
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ToolFailedException(topic, response.statusCode(), response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("lookup of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolInterruptedException(topic);
        }
    }

    /** @return how long the lookup of {@code topic} is delayed: 0 unless random delays are on */
    static int delayMillis(String topic) {
        if (MAX_DELAY_MILLIS <= 0) {
            return 0;
        }
        long h = (topic.hashCode() * 0x9E3779B97F4A7C15L) ^ DELAY_SALT;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) Math.floorMod(h, (long) MAX_DELAY_MILLIS + 1);
    }
}
