package dev.lazarus.it.apps.frameworks;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * Apache HttpClient 5 in a durable body, written the way its quick start shows: a client from
 * {@code HttpClients.createDefault()} in try-with-resources, requests from {@code ClassicRequestBuilder}, the
 * body read in a response handler with {@code EntityUtils}. Each city is one POST to the fake server, whose
 * answer feeds the next request.
 *
 * <p>{@code ApacheForecastAgent BASE_URL KEY CITY...}: prints {@code RESULT <summary>}. Blocks at
 * {@code gate:after-N} (after the N-th exchange, from 1) when asked, to be killed there.
 */
public final class ApacheForecastAgent {
    private final Gate gate = new Gate();
    private final String baseUrl;

    ApacheForecastAgent(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        ApacheForecastAgent agent = new ApacheForecastAgent(args[0]);
        System.out.println("RESULT " + agent.forecast(args[1], List.of(args).subList(2, args.length)));
    }

    @Durable
    String forecast(@ExecutionKey String key, List<String> cities) throws Exception {
        List<String> lines = new ArrayList<>();
        String previous = "";
        int n = 0;
        try (CloseableHttpClient http = HttpClients.createDefault()) {
            for (String city : cities) {
                String json = "{\"city\":\"" + city + "\",\"previous\":\"" + previous + "\"}";
                ClassicHttpRequest post = ClassicRequestBuilder.post(baseUrl + "/v1/forecast")
                        .setEntity(new StringEntity(json, ContentType.APPLICATION_JSON))
                        .build();
                String answer = http.execute(
                        post, response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
                previous = answer.startsWith("200") ? summaryOf(answer) : "error " + answer;
                lines.add(answer.substring(0, 3) + ":" + city + "=" + previous);
                gate.pass("after-" + (++n));
            }
        }
        return String.join(";", lines);
    }

    private static String summaryOf(String answer) {
        int start = answer.indexOf("\"summary\":\"") + "\"summary\":\"".length();
        return answer.substring(start, answer.indexOf('"', start));
    }
}
