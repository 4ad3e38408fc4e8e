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

/**
 * A Spring AI agent in a plain main, configured by hand as Spring AI's documentation shows for use without
 * Spring Boot: an {@code OpenAiApi} (pointed at the fake chat-completions server), an {@code OpenAiChatModel}
 * over it, and a {@code ChatClient} held in a field and called fluently,
 * {@code chatClient.prompt().user(...).call().content()}. Underneath, Spring's {@code RestClient} picks its HTTP
 * client from the class path: Apache HttpClient 5 when present (as here), else the JDK's.
 *
 * <p>{@code SpringAiAdvisor BASE_URL KEY QUESTION...}: prints {@code RESULT <answers>}. Each question carries
 * the previous answer. Blocks at {@code gate:turn-N} (after the N-th answer) when asked.
 */
public final class SpringAiAdvisor {
    private final ChatClient chatClient;
    private final Gate gate = new Gate();

    SpringAiAdvisor(String baseUrl) {
        OpenAiApi openAiApi =
                OpenAiApi.builder().baseUrl(baseUrl).apiKey("test").build();
        OpenAiChatModel chatModel = OpenAiChatModel.builder()
                .openAiApi(openAiApi)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build())
                .build();
        chatClient = ChatClient.create(chatModel);
    }

    public static void main(String[] args) {
        SpringAiAdvisor app = new SpringAiAdvisor(args[0]);
        System.out.println("RESULT " + app.advise(args[1], List.of(args).subList(2, args.length)));
    }

    @Durable
    String advise(@ExecutionKey String key, List<String> questions) {
        List<String> answers = new ArrayList<>();
        String previous = "nothing yet";
        int turn = 0;
        for (String question : questions) {
            String answer = chatClient
                    .prompt()
                    .user(question + " (so far: " + previous + ")")
                    .call()
                    .content();
            answers.add(answer);
            previous = answer;
            gate.pass("turn-" + (++turn));
        }
        return String.join(" | ", answers);
    }
}
