package dev.lazarus.it.apps.frameworks;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Spring AI agent that streams its answer, configured by hand as Spring AI's documentation shows for use
 * without Spring Boot: an {@code OpenAiApi} pointed at the fake chat-completions server, whose streaming goes
 * through Spring's {@code WebClient}; the {@code WebClient.Builder} handed to {@code OpenAiApi.builder()} uses the
 * JDK's {@code HttpClient} ({@code JdkClientHttpConnector}: {@code sendAsync} with a body read as a publisher),
 * which is also what {@code WebClient} picks by itself on a class path without Reactor Netty, Jetty or
 * HttpComponents' reactive module. The answer is read with
 * {@code chatClient.prompt().user(...).stream().content()}, token by token.
 *
 * <p>{@code SpringAiStreamer BASE_URL KEY QUESTION}: prints {@code RESULT <answer>}. Reaches {@code chunk-N}
 * after the N-th token (not journaled: a mark only) and passes {@code gate:after-stream}.
 */
public final class SpringAiStreamer {
    private final ChatClient chatClient;
    private final Gate gate = new Gate();

    SpringAiStreamer(String baseUrl) {
        OpenAiApi openAiApi = OpenAiApi.builder()
                .baseUrl(baseUrl)
                .apiKey("test")
                .webClientBuilder(WebClient.builder().clientConnector(new JdkClientHttpConnector()))
                .build();
        OpenAiChatModel chatModel = OpenAiChatModel.builder()
                .openAiApi(openAiApi)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build())
                .build();
        chatClient = ChatClient.create(chatModel);
    }

    public static void main(String[] args) {
        SpringAiStreamer app = new SpringAiStreamer(args[0]);
        System.out.println("RESULT " + app.stream(args[1], args[2]));
    }

    @Durable
    String stream(@ExecutionKey String key, String question) {
        List<String> tokens = new ArrayList<>();
        chatClient.prompt().user(question).stream()
                .content()
                .doOnNext(token -> {
                    tokens.add(token); // Reactor signals one token at a time
                    Gate.reach("chunk-" + tokens.size());
                })
                .blockLast();
        gate.pass("after-stream");
        return String.join("", tokens);
    }
}
