package dev.lazarus.it.apps.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The Anthropic Java SDK's asynchronous client in durable bodies, written as its README shows: an
 * {@code AnthropicClient} from {@code AnthropicOkHttpClient.builder()} in a field, reached asynchronously through
 * {@code client.async()};
 *
 * <ul>
 *   <li>{@code fan-out}: one question per argument asked at once,
 *       {@code client.async().messages().create(params)}, each answer's text taken with {@code thenApply}, then
 *       joined in order (the SDK reaches the network through OkHttp's {@code enqueue});
 *   <li>{@code async-stream}: one streamed message,
 *       {@code client.async().messages().createStreaming(params).subscribe(...)}, its text deltas collected as
 *       they arrive, the body waiting on {@code onCompleteFuture()}.
 * </ul>
 *
 * <p>{@code AnthropicAsyncAgent BASE_URL KEY MODE QUESTION...}: prints {@code RESULT <answer>}. Reaches
 * {@code joined-N} after the N-th answer was joined and {@code chunk-N} after the N-th streamed word (not
 * journaled: marks only), and passes {@code gate:after-fan-out} or {@code gate:after-stream}.
 */
public final class AnthropicAsyncAgent {
    private final AnthropicClient client;
    private final Gate gate = new Gate();

    AnthropicAsyncAgent(String baseUrl) {
        client = AnthropicOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("test")
                .maxRetries(0)
                .build();
    }

    public static void main(String[] args) {
        AnthropicAsyncAgent agent = new AnthropicAsyncAgent(args[0]);
        List<String> questions = List.of(args).subList(3, args.length);
        String result = switch (args[2]) {
            case "fan-out" -> agent.fanOut(args[1], questions);
            case "async-stream" -> agent.streamAsync(args[1], questions.get(0));
            default -> throw new IllegalArgumentException(args[2]);
        };
        System.out.println("RESULT " + result);
        agent.client.close();
    }

    private static MessageCreateParams ask(String question) {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .addUserMessage(question)
                .build();
    }

    @Durable
    String fanOut(@ExecutionKey String key, List<String> questions) {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (String question : questions) {
            answers.add(client.async()
                    .messages()
                    .create(ask(question))
                    .thenApply(message -> message.content().stream()
                            .flatMap(block -> block.text().stream())
                            .map(TextBlock::text)
                            .collect(Collectors.joining())));
        }
        List<String> got = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            got.add(answer.join());
            Gate.reach("joined-" + got.size());
        }
        gate.pass("after-fan-out");
        return String.join(" | ", got);
    }

    @Durable
    String streamAsync(@ExecutionKey String key, String question) {
        List<String> words = new ArrayList<>();
        client.async()
                .messages()
                .createStreaming(ask(question))
                .subscribe(event -> event.contentBlockDelta()
                        .flatMap(delta -> delta.delta().text())
                        .ifPresent(text -> {
                            synchronized (words) {
                                words.add(text.text());
                                Gate.reach("chunk-" + words.size());
                            }
                        }))
                .onCompleteFuture()
                .join();
        gate.pass("after-stream");
        synchronized (words) {
            return String.join("", words);
        }
    }
}
