package dev.lazarus.it.apps.sdk;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * OkHttp used directly in a durable body, the way its README shows: one {@code OkHttpClient} in a field,
 * {@code newCall(request).execute()} in try-with-resources, {@code body().string()}. Each city is one JSON POST
 * whose answer feeds the next request; then one server-sent-event stream is read line by line from the body's
 * source, as a streaming client does.
 *
 * <p>{@code OkHttpAgent BASE_URL KEY CITY...}: prints {@code RESULT <summary>}. Passes {@code gate:after-N}
 * after the N-th exchange (from 1) and {@code gate:after-stream} after the stream, to be killed there.
 */
public final class OkHttpAgent {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http = new OkHttpClient();
    private final Gate gate = new Gate();
    private final String baseUrl;

    OkHttpAgent(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        OkHttpAgent agent = new OkHttpAgent(args[0]);
        List<String> cities = List.of(args).subList(2, args.length);
        System.out.println("RESULT " + agent.forecast(args[1], cities));
    }

    @Durable
    String forecast(@ExecutionKey String key, List<String> cities) throws IOException {
        List<String> lines = new ArrayList<>();
        String previous = "";
        int n = 0;
        for (String city : cities) {
            String json = "{\"city\":\"" + city + "\",\"previous\":\"" + previous + "\"}";
            Request request = new Request.Builder()
                    .url(baseUrl + "/v1/forecast")
                    .post(RequestBody.create(json, JSON))
                    .build();
            try (Response response = http.newCall(request).execute()) {
                String body = response.body().string();
                previous = body.replaceAll(".*\"summary\":\"([^\"]*)\".*", "$1");
                lines.add(response.code() + ":" + city + "=" + previous);
            }
            gate.pass("after-" + (++n));
        }
        Request alerts = new Request.Builder()
                .url(baseUrl + "/v1/alerts?after=" + previous)
                .build();
        List<String> events = new ArrayList<>();
        try (Response response = http.newCall(alerts).execute()) {
            BufferedSource source = response.body().source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            }
            lines.add(response.code() + ":" + response.header("Content-Type") + ":" + String.join("|", events));
        }
        gate.pass("after-stream");
        return String.join(";", lines);
    }
}
