package dev.lazarus.it.apps.parallel;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;

/**
 * {@link ParallelToolsAgent}'s turn with each fan-out in a {@code StructuredTaskScope}: {@code scope.fork(callable)}
 * for each lookup, {@code scope.join()}, then each subtask's {@code get()}. Structured concurrency is a preview API
 * of JDK 25: this source is not compiled with the test applications (Java 17); the test compiles it with JDK 25's
 * {@code javac --release 25 --enable-preview} and runs it on JDK 25 with {@code --enable-preview}.
 *
 * <p>{@code StructuredScopeAgent BASE_URL STYLE KEY TOPIC...}: the arguments, output and kill points of
 * {@link ParallelToolsAgent} ({@code STYLE} is {@code STRUCTURED_SCOPE}).
 */
public final class StructuredScopeAgent {
    private final LookupTools tools;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Gate gate = new Gate();
    private final String baseUrl;

    /** @param baseUrl the tool and model server, {@code http://127.0.0.1:PORT} */
    public StructuredScopeAgent(String baseUrl) {
        this.baseUrl = baseUrl;
        this.tools = new LookupTools(baseUrl);
    }

    public static void main(String[] args) throws Exception {
        StructuredScopeAgent agent = new StructuredScopeAgent(args[0]);
        List<String> topics = Arrays.asList(args).subList(3, args.length);
        System.out.println("RESULT " + agent.answer(args[2], args[1], topics));
    }

    /** @return the answer with every lookup's result, in topic order, as {@link ParallelToolsAgent} */
    @Durable
    public String answer(@ExecutionKey String key, String style, List<String> topics) throws Exception {
        gate.pass("before-fanout-1");
        List<String> first = fanOut(topics);
        String digest = ChatCompletions.complete(http, baseUrl, key, "Digest " + String.join(" | ", first));
        gate.pass("after-digest");
        List<String> second = fanOut(ParallelToolsAgent.followUps(digest));
        gate.pass("after-fanout-2");
        String answer = ChatCompletions.complete(
                http, baseUrl, key, "Answer from " + String.join(" | ", first) + " | " + String.join(" | ", second));
        return answer + " <- " + first + " + " + second;
    }

    private List<String> fanOut(List<String> topics) throws InterruptedException {
        try (StructuredTaskScope<String, Void> scope = StructuredTaskScope.open()) {
            List<StructuredTaskScope.Subtask<String>> subtasks = new ArrayList<>();
            for (String topic : topics) {
                subtasks.add(scope.fork(() -> ParallelToolsAgent.lookedUp(tools.lookup(topic))));
            }
            scope.join();
            List<String> results = new ArrayList<>();
            for (StructuredTaskScope.Subtask<String> subtask : subtasks) {
                results.add(subtask.get());
            }
            return results;
        }
    }
}
