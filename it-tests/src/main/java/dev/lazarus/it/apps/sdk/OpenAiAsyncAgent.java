package dev.lazarus.it.apps.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI Java SDK's asynchronous and streaming APIs in durable bodies, written as its README shows: an
 * {@code OpenAIClient} from {@code OpenAIOkHttpClient.builder()} in a field;
 *
 * <ul>
 *   <li>{@code fan-out}: one question per argument asked at once through the async client,
 *       {@code client.async().chat().completions().create(params)}, each answer taken with {@code thenApply},
 *       then joined in order (the SDK reaches the network through OkHttp's {@code enqueue});
 *   <li>{@code stream}: one streamed completion, {@code client.chat().completions().createStreaming(params)},
 *       its chunks iterated as they arrive;
 *   <li>{@code async-stream}: the same through the async client,
 *       {@code client.async().chat().completions().createStreaming(params).subscribe(...)}.
 * </ul>
 *
 * <p>{@code OpenAiAsyncAgent BASE_URL KEY MODE QUESTION...}: prints {@code RESULT <answer>}. Reaches
 * {@code joined-N} after the N-th answer was joined and {@code chunk-N} after the N-th streamed word (not
 * journaled: marks only), and passes {@code gate:after-fan-out} or {@code gate:after-stream}.
 */
public final class OpenAiAsyncAgent {
    private final OpenAIClient client;
    private final Gate gate = new Gate();

    OpenAiAsyncAgent(String baseUrl) {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey("test")
                .maxRetries(0)
                .build();
    }

    public static void main(String[] args) {
        OpenAiAsyncAgent agent = new OpenAiAsyncAgent(args[0]);
        List<String> questions = List.of(args).subList(3, args.length);
        String result = switch (args[2]) {
            case "fan-out" -> agent.fanOut(args[1], questions);
            case "stream" -> agent.stream(args[1], questions.get(0));
            case "async-stream" -> agent.streamAsync(args[1], questions.get(0));
            default -> throw new IllegalArgumentException(args[2]);
        };
        System.out.println("RESULT " + result);
        agent.client.close();
    }

    private static ChatCompletionCreateParams ask(String question) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4.1")
                .addUserMessage(question)
                .build();
    }

    @Durable
    String fanOut(@ExecutionKey String key, List<String> questions) {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (String question : questions) {
            answers.add(client.async()
                    .chat()
                    .completions()
                    .create(ask(question))
                    .thenApply(completion ->
                            completion.choices().get(0).message().content().orElse("")));
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
    String stream(@ExecutionKey String key, String question) {
        List<String> words = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> response =
                client.chat().completions().createStreaming(ask(question))) {
            response.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .forEach(choice -> choice.delta().content().ifPresent(word -> {
                        words.add(word);
                        Gate.reach("chunk-" + words.size());
                    }));
        }
        gate.pass("after-stream");
        return String.join("", words);
    }

    @Durable
    String streamAsync(@ExecutionKey String key, String question) {
        List<String> words = new ArrayList<>();
        client.async()
                .chat()
                .completions()
                .createStreaming(ask(question))
                .subscribe(chunk -> chunk.choices()
                        .forEach(choice -> choice.delta().content().ifPresent(word -> {
                            synchronized (words) {
                                words.add(word);
                                Gate.reach("chunk-" + words.size());
                            }
                        })))
                .onCompleteFuture()
                .join();
        gate.pass("after-stream");
        synchronized (words) {
            return String.join("", words);
        }
    }
}
