package dev.lazarus.it.apps.parallel;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ParallelToolsAgent}'s turn with each fan-out on virtual threads started with
 * {@code Thread.ofVirtual().start(runnable)}, an API of JDK 21. This source is not compiled with the test
 * applications (Java 17): the test compiles it with JDK 25's {@code javac --release 21} and runs it on JDK 25.
 *
 * <p>{@code VirtualThreadsAgent BASE_URL STYLE KEY TOPIC...}: the arguments, output and kill points of
 * {@link ParallelToolsAgent} ({@code STYLE} is {@code VIRTUAL_THREADS}).
 */
public final class VirtualThreadsAgent {
    private final LookupTools tools;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Gate gate = new Gate();
    private final String baseUrl;

    /** @param baseUrl the tool and model server, {@code http://127.0.0.1:PORT} */
    public VirtualThreadsAgent(String baseUrl) {
        this.baseUrl = baseUrl;
        this.tools = new LookupTools(baseUrl);
    }

    public static void main(String[] args) throws Exception {
        VirtualThreadsAgent agent = new VirtualThreadsAgent(args[0]);
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
        String[] results = new String[topics.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            int index = i;
            String topic = topics.get(i);
            threads.add(Thread.ofVirtual().start(() -> results[index] = ParallelToolsAgent.lookedUp(tools.lookup(topic))));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Arrays.asList(results);
    }
}
