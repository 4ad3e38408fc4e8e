package dev.lazarus.it.apps.sdk;

import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Gate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The tools the LLM agents call, as a team would write them: a service held in a field, whose methods reach
 * a tool server over HTTP and answer with plain text. Booking is an effect that must happen once: it sends
 * {@link Lazarus#stepKey()} as its idempotency key, the same on every attempt of the call, after a crash too.
 */
public final class TravelTools {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public TravelTools(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** @return the weather in a city, as the tool server reports it */
    public String weather(String city) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/tools/weather?city=" + city))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Books a trip; passes {@code gate:tool-booked} after the booking was made, to be killed there.
     *
     * @return the booking's confirmation
     */
    public String book(String city, String note) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/tools/book"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"city\":\"" + city + "\",\"note\":\"" + note + "\"}"));
        String key = Lazarus.stepKey(); // null without the agent: there is no step to be idempotent across
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        String confirmation =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        Gate.reach("gate:tool-booked");
        return confirmation;
    }
}
