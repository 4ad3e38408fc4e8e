package dev.lazarus.it.apps.effects;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An agent on the JDK's {@code HttpClient} written with its asynchronous API, as its documentation shows: a
 * forecast per city, all requested at once with {@code sendAsync(...).thenApply(HttpResponse::body)} and joined;
 * then a chat completion streamed as server-sent events, requested with {@code sendAsync} and
 * {@code BodyHandlers.ofLines()} and read line by line as the tokens arrive.
 *
 * <p>{@code AsyncHttpAgent BASE_URL KEY CITY...}: prints {@code RESULT <forecasts> / <summary>}. Reaches
 * {@code joined-N} after the N-th forecast was joined and {@code chunk-N} after the N-th streamed token (not
 * journaled: marks only), and passes {@code gate:after-fan-out} and {@code gate:after-stream}.
 */
public final class AsyncHttpAgent {
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Gate gate = new Gate();

    AsyncHttpAgent(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) {
        AsyncHttpAgent agent = new AsyncHttpAgent(args[0]);
        System.out.println("RESULT " + agent.plan(args[1], List.of(args).subList(2, args.length)));
    }

    @Durable
    String plan(@ExecutionKey String key, List<String> cities) {
        List<CompletableFuture<String>> forecasts = new ArrayList<>();
        for (String city : cities) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/tools/weather?city=" + city))
                    .build();
            forecasts.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(HttpResponse::body));
        }
        List<String> got = new ArrayList<>();
        for (CompletableFuture<String> forecast : forecasts) {
            got.add(forecast.join());
            Gate.reach("joined-" + got.size());
        }
        gate.pass("after-fan-out");

        HttpRequest chat = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4.1\",\"stream\":true,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"Summarize " + cities.get(0) + " in a few words.\"}]}"))
                .build();
        List<String> tokens = new ArrayList<>();
        try (Stream<String> lines = client.sendAsync(chat, HttpResponse.BodyHandlers.ofLines())
                .thenApply(HttpResponse::body)
                .join()) {
            lines.forEach(line -> {
                Matcher m = CONTENT.matcher(line);
                if (line.startsWith("data: ") && m.find()) {
                    tokens.add(m.group(1));
                    Gate.reach("chunk-" + tokens.size());
                }
            });
        }
        gate.pass("after-stream");
        return String.join(" | ", got) + " / " + String.join("", tokens);
    }
}
