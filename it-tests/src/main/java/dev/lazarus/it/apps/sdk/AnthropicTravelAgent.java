package dev.lazarus.it.apps.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tool-using agent on the Anthropic Java SDK, written the way its README shows: an {@code AnthropicClient}
 * built with {@code AnthropicOkHttpClient.builder()} in a field, a {@code MessageCreateParams.Builder} that
 * collects the conversation, {@code client.messages().create(params)} per turn, tools declared with
 * {@code Tool.builder()} and an input schema, each {@code tool_use} block answered with a {@code tool_result};
 * the tools are a service in a field ({@link TravelTools}).
 *
 * <p>{@code AnthropicTravelAgent BASE_URL KEY CITY}: prints {@code RESULT <answer>}. Passes {@code gate:turn-N}
 * after the N-th message (from 1) and {@code gate:tool-booked} inside the booking tool.
 */
public final class AnthropicTravelAgent {
    private final AnthropicClient client;
    private final TravelTools tools;
    private final Gate gate = new Gate();

    AnthropicTravelAgent(String baseUrl) {
        client = AnthropicOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("test")
                .maxRetries(0)
                .build();
        tools = new TravelTools(baseUrl);
    }

    public static void main(String[] args) throws Exception {
        AnthropicTravelAgent agent = new AnthropicTravelAgent(args[0]);
        System.out.println("RESULT " + agent.plan(args[1], args[2]));
        agent.client.close();
    }

    private static Tool tool(String name, String description, List<String> arguments) {
        Map<String, Object> properties =
                arguments.stream().collect(Collectors.toMap(a -> a, a -> Map.of("type", "string")));
        return Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(properties))
                        .putAdditionalProperty("required", JsonValue.from(arguments))
                        .build())
                .build();
    }

    @Durable
    String plan(@ExecutionKey String key, String city) throws Exception {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .addTool(tool("get_weather", "Gets the weather in a city.", List.of("city")))
                .addTool(tool("book_trip", "Books a trip to a city.", List.of("city", "note")))
                .addUserMessage("Plan a trip to " + city + ".");
        int turn = 0;
        while (true) {
            Message message = client.messages().create(params.build());
            gate.pass("turn-" + (++turn));
            params.addMessage(message);
            List<ContentBlockParam> results = new ArrayList<>();
            for (ContentBlock block : message.content()) {
                if (block.isToolUse()) {
                    ToolUseBlock use = block.asToolUse();
                    results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                            .toolUseId(use.id())
                            .content(callTool(use))
                            .build()));
                }
            }
            if (results.isEmpty()) {
                return message.content().stream()
                        .flatMap(block -> block.text().stream())
                        .map(TextBlock::text)
                        .collect(Collectors.joining());
            }
            params.addUserMessageOfContentBlockParams(results);
        }
    }

    private String callTool(ToolUseBlock use) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> input = use._input().convert(Map.class);
        switch (use.name()) {
            case "get_weather":
                return tools.weather(input.get("city"));
            case "book_trip":
                return tools.book(input.get("city"), input.get("note"));
            default:
                throw new IllegalArgumentException("no tool " + use.name());
        }
    }
}
