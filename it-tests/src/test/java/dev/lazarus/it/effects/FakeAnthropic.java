package dev.lazarus.it.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazarus.it.harness.FakeServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake Anthropic messages service on a {@link FakeServer}, in the real wire format ({@code POST /v1/messages}):
 * a {@code message} object answering {@code "You said: "} and the last user message's text, or, when the request
 * asks {@code "stream": true}, the same answer as server-sent events, the way the API streams: {@code message_start},
 * {@code content_block_start}, one {@code content_block_delta} ({@code text_delta}) per word
 * ({@link FakeOpenAi#streamedWords}), {@code content_block_stop}, {@code message_delta} with the stop reason,
 * {@code message_stop}; each event is one part of the stream (flushed on its own). Every answer is derived from
 * the request alone, so a request sent twice gets the same answer.
 */
final class FakeAnthropic {
    static final String MESSAGES = "/v1/messages";

    /** The events of a stream sent before its first word: {@code message_start}, {@code content_block_start}. */
    static final int EVENTS_BEFORE_THE_FIRST_WORD = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeAnthropic() {}

    /** @return the bodies of the messages requests the server saw, in order */
    static List<String> messageRequests(FakeServer server) {
        return server.requests(MESSAGES).stream().map(FakeServer.Request::body).toList();
    }

    /** @return the answer to a messages request body, as the service sends it */
    static FakeServer.Response message(String body) {
        try {
            JsonNode request = JSON.readTree(body);
            JsonNode messages = request.path("messages");
            String answer =
                    "You said: " + text(messages.get(messages.size() - 1).path("content"));
            String model = request.path("model").asText();
            String id = "msg_" + Integer.toHexString(body.hashCode());
            if (request.path("stream").asBoolean(false)) {
                return stream(id, model, answer);
            }
            ObjectNode message = start(id, model);
            message.withArray("content").addObject().put("type", "text").put("text", answer);
            message.put("stop_reason", "end_turn");
            message.putObject("usage").put("input_tokens", body.length() / 4).put("output_tokens", 7);
            return FakeServer.Response.json(JSON.writeValueAsString(message));
        } catch (Exception e) {
            return new FakeServer.Response(
                    400,
                    "application/json",
                    List.of("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"" + e
                            + "\"}}"));
        }
    }

    /** A user message's content: a string, or the text of its blocks. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            text.append(block.path("text").asText());
        }
        return text.toString();
    }

    /** A message without content or stop reason yet: what {@code message_start} carries. */
    private static ObjectNode start(String id, String model) {
        ObjectNode message = JSON.createObjectNode()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        return message;
    }

    private static FakeServer.Response stream(String id, String model, String answer) throws Exception {
        List<String> events = new ArrayList<>();
        ObjectNode start = start(id, model);
        start.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
        events.add(event("message_start", JSON.createObjectNode().set("message", start)));
        ObjectNode block = JSON.createObjectNode().put("index", 0);
        block.putObject("content_block").put("type", "text").put("text", "");
        events.add(event("content_block_start", block));
        for (String word : FakeOpenAi.streamedWords(answer)) {
            ObjectNode delta = JSON.createObjectNode().put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", word);
            events.add(event("content_block_delta", delta));
        }
        events.add(event("content_block_stop", JSON.createObjectNode().put("index", 0)));
        ObjectNode end = JSON.createObjectNode();
        end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", 7);
        events.add(event("message_delta", end));
        events.add(event("message_stop", JSON.createObjectNode()));
        return FakeServer.Response.events(events);
    }

    private static String event(String type, ObjectNode data) throws Exception {
        ObjectNode typed = JSON.createObjectNode().put("type", type);
        typed.setAll(data);
        return "event: " + type + "\ndata: " + JSON.writeValueAsString(typed) + "\n\n";
    }
}
