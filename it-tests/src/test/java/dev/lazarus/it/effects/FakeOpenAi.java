package dev.lazarus.it.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazarus.it.harness.FakeServer;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake OpenAI chat-completions service and the bookings service its tools call, on a {@link FakeServer}: the
 * real wire format ({@code POST /v1/chat/completions}, a {@code chat.completion} object with
 * {@code tool_calls}, then a final answer after the tool's result comes back). Every answer is derived from
 * the request alone, so a request sent twice gets the same answer and a request built from a different history
 * gets a different one.
 *
 * <ul>
 *   <li>a request offering tools whose last message is the user's: a call of the first tool, with the city named
 *       in the user's message as its first parameter;
 *   <li>a request whose last message is a tool's result: the final answer, quoting that result;
 *   <li>a request without tools: the final answer, quoting the user's message;
 *   <li>a request with {@code "stream": true}: that answer as server-sent {@code chat.completion.chunk} events,
 *       one word per event ({@link #streamedWords}), then one with the finish reason, then {@code [DONE]}.
 * </ul>
 */
final class FakeOpenAi {
    static final String CHAT = "/v1/chat/completions";
    static final String BOOKINGS = "/v1/bookings";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CITY = Pattern.compile("in (\\w+)");

    private FakeOpenAi() {}

    static FakeServer start() throws Exception {
        return FakeServer.start().route(CHAT, r -> chat(r.body())).route(BOOKINGS, r -> booking(r.body()));
    }

    /** @return the bodies of the chat requests the server saw, in order */
    static List<String> chatRequests(FakeServer server) {
        return server.requests(CHAT).stream().map(FakeServer.Request::body).toList();
    }

    /** @return the bodies of the booking requests the server saw, in order */
    static List<String> bookings(FakeServer server) {
        return server.requests(BOOKINGS).stream().map(FakeServer.Request::body).toList();
    }

    private static FakeServer.Response booking(String body) {
        try {
            String city = JSON.readTree(body).path("city").asText();
            return FakeServer.Response.json("{\"confirmation\":\"BK-" + city.toUpperCase() + "\"}");
        } catch (Exception e) {
            return new FakeServer.Response(400, "application/json", List.of("{\"error\":\"bad booking\"}"));
        }
    }

    /** @return the words (each with the space after it) a streamed answer of {@code text} is sent in */
    static List<String> streamedWords(String text) {
        List<String> words = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\\S+\\s*").matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private static FakeServer.Response stream(String model, String text) throws Exception {
        List<String> events = new java.util.ArrayList<>();
        List<String> words = streamedWords(text);
        for (int i = 0; i < words.size(); i++) {
            events.add("data: " + chunk(model, i == 0 ? "assistant" : null, words.get(i), null) + "\n\n");
        }
        events.add("data: " + chunk(model, null, null, "stop") + "\n\n");
        events.add("data: [DONE]\n\n");
        return FakeServer.Response.events(events);
    }

    private static String chunk(String model, String role, String content, String finish) throws Exception {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", "chatcmpl-stream")
                .put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L)
                .put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return JSON.writeValueAsString(chunk);
    }

    /** @return the answer to a chat-completions request body, as the service sends it */
    static FakeServer.Response chat(String body) {
        try {
            JsonNode request = JSON.readTree(body);
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            if (request.path("stream").asBoolean(false)) {
                return stream(
                        request.path("model").asText(),
                        "You said: " + last.path("content").asText());
            }
            ObjectNode message = JSON.createObjectNode().put("role", "assistant");
            String finish;
            JsonNode tools = request.path("tools");
            if ("tool".equals(last.path("role").asText())) {
                message.put("content", "Done: " + last.path("content").asText());
                finish = "stop";
            } else if (tools.isArray() && tools.size() > 0) {
                JsonNode function = tools.get(0).path("function");
                Iterator<String> parameters =
                        function.path("parameters").path("properties").fieldNames();
                Matcher m = CITY.matcher(last.path("content").asText());
                String city = m.find() ? m.group(1) : "nowhere";
                ObjectNode arguments = JSON.createObjectNode().put(parameters.next(), city);
                message.putNull("content");
                ArrayNode calls = message.putArray("tool_calls");
                calls.addObject()
                        .put("id", "call_" + city)
                        .put("type", "function")
                        .putObject("function")
                        .put("name", function.path("name").asText())
                        .put("arguments", JSON.writeValueAsString(arguments));
                finish = "tool_calls";
            } else {
                message.put("content", "You said: " + last.path("content").asText());
                finish = "stop";
            }
            ObjectNode completion = JSON.createObjectNode()
                    .put("id", "chatcmpl-" + Integer.toHexString(body.hashCode()))
                    .put("object", "chat.completion")
                    .put("created", 1_700_000_000L)
                    .put("model", request.path("model").asText())
                    .put("system_fingerprint", "fp_fake");
            ObjectNode choice = completion.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("message", message);
            choice.putNull("logprobs");
            choice.put("finish_reason", finish);
            completion
                    .putObject("usage")
                    .put("prompt_tokens", body.length() / 4)
                    .put("completion_tokens", 7)
                    .put("total_tokens", body.length() / 4 + 7);
            return FakeServer.Response.json(JSON.writeValueAsString(completion));
        } catch (Exception e) {
            return new FakeServer.Response(
                    400, "application/json", List.of("{\"error\":{\"message\":\"" + e + "\",\"type\":\"invalid\"}}"));
        }
    }
}
