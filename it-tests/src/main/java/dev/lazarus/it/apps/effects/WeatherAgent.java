package dev.lazarus.it.apps.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java.net.http} and Jackson in a durable body, written the way their documentation shows: a client in
 * a field, requests built with the builder, JSON made and read with an {@code ObjectMapper}, a
 * {@code BodyHandlers.ofString()} response. Each city is one POST to the fake server, whose answer (a
 * forecast) feeds the next request, as a multi-turn exchange does.
 *
 * <p>{@code WeatherAgent BASE_URL KEY CITY...}: prints {@code RESULT <summary>}. Blocks at
 * {@code gate:after-N} (after the N-th exchange, from 1) when asked, to be killed there.
 */
public final class WeatherAgent {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Gate gate = new Gate();
    private final String baseUrl;

    WeatherAgent(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        WeatherAgent agent = new WeatherAgent(args[0]);
        List<String> cities = List.of(args).subList(2, args.length);
        System.out.println("RESULT " + agent.forecast(args[1], cities));
    }

    @Durable
    String forecast(@ExecutionKey String key, List<String> cities) throws Exception {
        List<String> lines = new ArrayList<>();
        String previous = "";
        int n = 0;
        for (String city : cities) {
            ObjectNode body = json.createObjectNode();
            body.put("city", city);
            body.put("previous", previous);
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/forecast"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode forecast = json.readTree(response.body());
            previous = forecast.get("summary").asText();
            lines.add(response.statusCode() + ":" + city + "=" + previous);
            gate.pass("after-" + (++n));
        }
        return String.join(";", lines);
    }
}
