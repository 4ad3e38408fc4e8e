package dev.lazarus.it.apps.parallel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model the agent asks, reached the way a small agent without an SDK reaches it: a static helper that POSTs
 * a chat-completions request with {@code java.net.http} and reads the first choice's content. A static call
 * outside the JDK is recomputed, so the exchange is journaled where the JDK's client sends it.
 */
public final class ChatCompletions {
    private static final Pattern CONTENT = Pattern.compile("\"content\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ChatCompletions() {}

    /**
     * @param http the client
     * @param baseUrl the model server, {@code http://127.0.0.1:PORT}
     * @param user who asks (the execution's key), sent as the request's {@code user}
     * @param prompt the user message; letters, digits and {@code -:#,|[] .=} only (it is not escaped)
     * @return the answer's content
     */
    public static String complete(HttpClient http, String baseUrl, String user, String prompt)
            throws IOException, InterruptedException {
        String body = "{\"model\":\"gpt-4.1\",\"user\":\"" + user + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = CONTENT.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException("model answered " + response.statusCode() + ": " + response.body());
        }
        return m.group(1);
    }
}
