package dev.lazarus.it.effects;

import dev.lazarus.it.harness.FakeServer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forecast service the direct HTTP client scenarios call: a JSON POST with a city and the previous answer,
 * answered with a summary that depends on the whole request (so a request built from a replayed answer must
 * equal the original to get the same summary). A city it does not know ({@value #UNKNOWN}) gets a 404 with a
 * JSON error body, which a client reads as an error (an error stream, an exception).
 */
final class ForecastServer {
    /** The city the service answers 404 for. */
    static final String UNKNOWN = "atlantis";

    private static final Pattern CITY = Pattern.compile("\"city\":\"([^\"]+)\"");

    private ForecastServer() {}

    static FakeServer start() throws Exception {
        return FakeServer.start().route("/v1/forecast", request -> {
            String city = cityOf(request.body());
            if (city.equals(UNKNOWN)) {
                return new FakeServer.Response(
                        404, "application/json", List.of("{\"error\":\"no forecast for " + city + "\"}"));
            }
            String summary = "clear-" + city + "-" + request.body().length();
            return FakeServer.Response.json("{\"summary\":\"" + summary + "\",\"city\":\"" + city + "\"}");
        });
    }

    /** @return the cities of the forecast requests the server saw, in order */
    static List<String> citiesSeen(FakeServer server) {
        return server.requests("/v1/forecast").stream()
                .map(r -> cityOf(r.body()))
                .toList();
    }

    static String[] args(FakeServer server, String key, String... cities) {
        String[] a = new String[cities.length + 2];
        a[0] = server.baseUrl();
        a[1] = key;
        System.arraycopy(cities, 0, a, 2, cities.length);
        return a;
    }

    private static String cityOf(String body) {
        Matcher m = CITY.matcher(body);
        return m.find() ? m.group(1) : "?";
    }
}
