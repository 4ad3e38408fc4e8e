package dev.lazarus.it.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazarus.it.harness.FakeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outside world of the LLM agents: a model that speaks the real wire formats — OpenAI's chat completions
 * ({@code POST /v1/chat/completions}, JSON or server-sent events when {@code "stream": true}) and Anthropic's
 * messages ({@code POST /v1/messages}) — and a tool server ({@code /tools/weather}, {@code /tools/book}).
 *
 * <p>The model plans a trip in three turns, each decided from what the request carries, as a model would:
 * without tool results it asks for the weather; with the weather it asks to book, passing the weather as the
 * note; with the booking it answers in text quoting both. The booking is idempotent by its
 * {@code Idempotency-Key} header (the same key gets the same confirmation), and can be held in flight: the
 * request reaches the ledger and its answer waits, so a test can kill the client with the request sent and
 * unanswered.
 */
final class TravelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CITY = Pattern.compile("Plan a trip to ([a-z]+)\\.");
    private static final Pattern SUMMARIZE = Pattern.compile("Summarize ([a-z]+) in");

    final FakeServer server;
    private final Map<String, String> bookings = new LinkedHashMap<>();
    private volatile CountDownLatch holdBooking;

    private TravelServer() throws IOException {
        server = FakeServer.start()
                .route("/v1/chat/completions", this::chatCompletion)
                .route("/v1/messages", this::message)
                .route("/tools/weather", r -> text("sunny in " + r.path().replaceAll(".*city=", "") + ", 21C"))
                .route("/tools/book", this::book);
    }

    static TravelServer start() throws IOException {
        return new TravelServer();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The next booking request reaches the ledger and is not answered until {@link #release}. */
    void holdNextBooking() {
        holdBooking = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch latch = holdBooking;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public void close() {
        release();
        server.close();
    }

    private static FakeServer.Response text(String body) {
        return new FakeServer.Response(200, "text/plain", List.of(body));
    }

    private FakeServer.Response book(FakeServer.Request request) {
        CountDownLatch hold = holdBooking;
        if (hold != null) {
            holdBooking = null;
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String key = request.header("Idempotency-Key");
        String city = field(request.body(), "city");
        synchronized (bookings) {
            String k = key == null ? "no-key-" + bookings.size() : key;
            return text(bookings.computeIfAbsent(k, x -> "BK-" + city + "-" + (bookings.size() + 1)));
        }
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String city(String body, Pattern pattern) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : "?";
    }

    /** The model's next step, from the tool results the conversation carries (by tool-call id). */
    private record Turn(String city, String weather, String booking) {
        String answer() {
            return "Trip to " + city + " booked (" + booking + "); expect " + weather + ".";
        }
    }

    // ---- OpenAI chat completions

    private FakeServer.Response chatCompletion(FakeServer.Request request) {
        JsonNode body = tree(request.body());
        if (body.path("stream").asBoolean(false)) {
            return streamedCompletion(city(request.body(), SUMMARIZE));
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asText().equals("tool")) {
                results.put(m.path("tool_call_id").asText(), m.path("content").asText());
            }
        }
        Turn turn = new Turn(city(request.body(), CITY), results.get("call_weather"), results.get("call_book"));
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        String finish;
        if (turn.weather() == null) {
            message.putNull("content");
            message.set("tool_calls", toolCalls("call_weather", "GetWeather", Map.of("city", turn.city())));
            finish = "tool_calls";
        } else if (turn.booking() == null) {
            message.putNull("content");
            message.set(
                    "tool_calls",
                    toolCalls("call_book", "BookTrip", Map.of("city", turn.city(), "note", turn.weather())));
            finish = "tool_calls";
        } else {
            message.put("content", turn.answer());
            finish = "stop";
        }
        ObjectNode completion = JSON.createObjectNode()
                .put("id", "chatcmpl-" + results.size())
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", "gpt-4.1");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", finish).putNull("logprobs");
        choice.set("message", message);
        completion
                .putObject("usage")
                .put("prompt_tokens", 10)
                .put("completion_tokens", 5)
                .put("total_tokens", 15);
        return FakeServer.Response.json(completion.toString());
    }

    private static ArrayNode toolCalls(String id, String name, Map<String, String> arguments) {
        ArrayNode calls = JSON.createArrayNode();
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function")
                .put("name", name)
                .put("arguments", JSON.valueToTree(arguments).toString());
        return calls;
    }

    /** A streamed completion: one chunk per word, then the finish reason, then {@code [DONE]}. */
    static List<String> streamedWords(String city) {
        return List.of("Fjords, ", "ferries ", "and ", "fish ", "in ", city, ".");
    }

    private static FakeServer.Response streamedCompletion(String city) {
        List<String> events = new ArrayList<>();
        List<String> words = streamedWords(city);
        for (int i = 0; i < words.size(); i++) {
            events.add("data: " + chunk(i == 0 ? "assistant" : null, words.get(i), null) + "\n\n");
        }
        events.add("data: " + chunk(null, null, "stop") + "\n\n");
        events.add("data: [DONE]\n\n");
        return FakeServer.Response.events(events);
    }

    private static String chunk(String role, String content, String finish) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", "chatcmpl-stream")
                .put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L)
                .put("model", "gpt-4.1");
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
        return chunk.toString();
    }

    // ---- Anthropic messages

    private FakeServer.Response message(FakeServer.Request request) {
        JsonNode body = tree(request.body());
        Map<String, String> results = new LinkedHashMap<>();
        for (JsonNode m : body.path("messages")) {
            for (JsonNode block : m.path("content")) {
                if (block.path("type").asText().equals("tool_result")) {
                    JsonNode content = block.path("content");
                    results.put(
                            block.path("tool_use_id").asText(),
                            content.isTextual()
                                    ? content.asText()
                                    : content.path(0).path("text").asText());
                }
            }
        }
        Turn turn = new Turn(city(request.body(), CITY), results.get("toolu_weather"), results.get("toolu_book"));
        ObjectNode message = JSON.createObjectNode()
                .put("id", "msg_" + results.size())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", "claude-sonnet-4-5");
        ArrayNode content = message.putArray("content");
        if (turn.weather() == null) {
            toolUse(content, "toolu_weather", "get_weather", Map.of("city", turn.city()));
            message.put("stop_reason", "tool_use");
        } else if (turn.booking() == null) {
            content.addObject().put("type", "text").put("text", "Booking it.");
            toolUse(content, "toolu_book", "book_trip", Map.of("city", turn.city(), "note", turn.weather()));
            message.put("stop_reason", "tool_use");
        } else {
            content.addObject().put("type", "text").put("text", turn.answer());
            message.put("stop_reason", "end_turn");
        }
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
        return FakeServer.Response.json(message.toString());
    }

    private static void toolUse(ArrayNode content, String id, String name, Map<String, String> input) {
        ObjectNode use =
                content.addObject().put("type", "tool_use").put("id", id).put("name", name);
        use.set("input", JSON.valueToTree(input));
    }
}
