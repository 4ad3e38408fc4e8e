package dev.lazarus.it.apps.sdk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool-calling agent on the OpenAI Java SDK, written the way its README shows: an {@code OpenAIClient} built
 * with {@code OpenAIOkHttpClient.builder()} in a field, a {@code ChatCompletionCreateParams.Builder} that
 * collects the conversation, {@code client.chat().completions().create(params)} per turn, tools declared as
 * classes ({@code addTool(Class)}) and their arguments parsed with {@code function.arguments(Class)}; the tools
 * are a service in a field ({@link TravelTools}). Then one streamed completion, read with
 * {@code createStreaming} as the README's streaming example does.
 *
 * <p>{@code OpenAiTravelAgent BASE_URL KEY CITY [stream]}: prints {@code RESULT <answer>}. Passes
 * {@code gate:turn-N} after the N-th completion (from 1), {@code gate:tool-booked} inside the booking tool,
 * and {@code gate:after-stream} after the streamed completion.
 */
public final class OpenAiTravelAgent {
    private final OpenAIClient client;
    private final TravelTools tools;
    private final Gate gate = new Gate();

    OpenAiTravelAgent(String baseUrl) {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey("test")
                .maxRetries(0)
                .build();
        tools = new TravelTools(baseUrl);
    }

    public static void main(String[] args) throws Exception {
        OpenAiTravelAgent agent = new OpenAiTravelAgent(args[0]);
        boolean stream = args.length > 3 && args[3].equals("stream");
        System.out.println("RESULT " + (stream ? agent.summarize(args[1], args[2]) : agent.plan(args[1], args[2])));
        agent.client.close();
    }

    /** The weather tool's arguments. */
    @JsonClassDescription("Gets the weather in a city.")
    static class GetWeather {
        @JsonPropertyDescription("The city.")
        public String city;
    }

    /** The booking tool's arguments. */
    @JsonClassDescription("Books a trip to a city.")
    static class BookTrip {
        @JsonPropertyDescription("The city.")
        public String city;

        @JsonPropertyDescription("What to tell the hotel.")
        public String note;
    }

    @Durable
    String plan(@ExecutionKey String key, String city) throws Exception {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model("gpt-4.1")
                .addTool(GetWeather.class)
                .addTool(BookTrip.class)
                .addSystemMessage("You plan trips.")
                .addUserMessage("Plan a trip to " + city + ".");
        int turn = 0;
        while (true) {
            ChatCompletion completion = client.chat().completions().create(params.build());
            gate.pass("turn-" + (++turn));
            ChatCompletionMessage message = completion.choices().get(0).message();
            params.addMessage(message);
            List<ChatCompletionMessageToolCall> calls = message.toolCalls().orElse(List.of());
            if (calls.isEmpty()) {
                return message.content().orElse("");
            }
            for (ChatCompletionMessageToolCall call : calls) {
                ChatCompletionMessageFunctionToolCall function = call.asFunction();
                params.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(function.id())
                        .content(callTool(function.function()))
                        .build());
            }
        }
    }

    private String callTool(ChatCompletionMessageFunctionToolCall.Function function) throws Exception {
        switch (function.name()) {
            case "GetWeather":
                return tools.weather(function.arguments(GetWeather.class).city);
            case "BookTrip":
                BookTrip trip = function.arguments(BookTrip.class);
                return tools.book(trip.city, trip.note);
            default:
                throw new IllegalArgumentException("no tool " + function.name());
        }
    }

    @Durable
    String summarize(@ExecutionKey String key, String city) throws Exception {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4.1")
                .addUserMessage("Summarize " + city + " in a few words.")
                .build();
        List<String> parts = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> response =
                client.chat().completions().createStreaming(params)) {
            response.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .forEach(choice -> choice.delta().content().ifPresent(parts::add));
        }
        gate.pass("after-stream");
        String weather = tools.weather(city);
        return String.join("", parts) + " / " + weather;
    }
}
