package dev.lazarus.it.apps.frameworks;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java.net.HttpURLConnection} in a durable body, written the way its documentation shows: open the
 * connection, set the method and headers, write the body to {@code getOutputStream()}, then read
 * {@code getResponseCode()}, a header and {@code getInputStream()} (or {@code getErrorStream()} for an error
 * status). Each city is one POST to the fake server,
 * whose answer feeds the next request.
 *
 * <p>{@code UrlConnectionForecastAgent BASE_URL KEY CITY...}: prints {@code RESULT <summary>}. Blocks at
 * {@code gate:after-N} (after the N-th exchange, from 1) when asked, to be killed there.
 */
public final class UrlConnectionForecastAgent {
    private final Gate gate = new Gate();
    private final String baseUrl;

    UrlConnectionForecastAgent(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        UrlConnectionForecastAgent agent = new UrlConnectionForecastAgent(args[0]);
        System.out.println("RESULT " + agent.forecast(args[1], List.of(args).subList(2, args.length)));
    }

    @Durable
    String forecast(@ExecutionKey String key, List<String> cities) throws Exception {
        List<String> lines = new ArrayList<>();
        String previous = "";
        int n = 0;
        for (String city : cities) {
            String json = "{\"city\":\"" + city + "\",\"previous\":\"" + previous + "\"}";
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create(baseUrl + "/v1/forecast").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            String type = connection.getContentType();
            String answer;
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            connection.disconnect();
            previous = status < 400 ? summaryOf(answer) : "error " + answer;
            lines.add(status + ":" + type + ":" + city + "=" + previous);
            gate.pass("after-" + (++n));
        }
        return String.join(";", lines);
    }

    private static String summaryOf(String answer) {
        int start = answer.indexOf("\"summary\":\"") + "\"summary\":\"".length();
        return answer.substring(start, answer.indexOf('"', start));
    }
}
