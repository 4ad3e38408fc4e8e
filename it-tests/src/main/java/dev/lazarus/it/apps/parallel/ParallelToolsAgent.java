package dev.lazarus.it.apps.parallel;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * An LLM agent's turn with parallel tool calls, the way Java developers fan out: four lookups at once, the model's
 * digest of their results (which names four follow-up topics), four more lookups at once, the model's final
 * answer. Each fan-out is written in one {@link FanOutStyle}; the lookups are journaled calls on a field-held
 * tool service whose HTTP exchanges overlap in time.
 *
 * <p>{@code ParallelToolsAgent BASE_URL STYLE KEY TOPIC...}: prints {@code RESULT <result>}. Prints
 * {@code LOOKED-UP <answer>} (live only: printing is replay-silent) when a lookup has returned to its branch,
 * i.e. once its outcome is journaled. Kill points in the body: {@code gate:before-fanout-1},
 * {@code gate:after-digest}, {@code gate:after-fanout-2}.
 */
public final class ParallelToolsAgent {
    private static final String FOLLOW_UP = "follow up on ";

    private final LookupTools tools;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Gate gate = new Gate();
    /** For {@link FanOutStyle#INVOKE_ALL}: an executor the application keeps, as services keep theirs. */
    private final ExecutorService pool = Executors.newFixedThreadPool(4, ParallelToolsAgent::daemon);

    private final String baseUrl;

    /** @param baseUrl the tool and model server, {@code http://127.0.0.1:PORT} */
    public ParallelToolsAgent(String baseUrl) {
        this.baseUrl = baseUrl;
        this.tools = new LookupTools(baseUrl);
    }

    public static void main(String[] args) throws Exception {
        ParallelToolsAgent agent = new ParallelToolsAgent(args[0]);
        List<String> topics = Arrays.asList(args).subList(3, args.length);
        System.out.println("RESULT " + agent.answer(args[2], args[1], topics));
    }

    /**
     * One turn: the first fan-out over {@code topics}, the digest, the second fan-out over the follow-ups the
     * digest names, the answer.
     *
     * @return the answer with every lookup's result, in topic order
     */
    @Durable
    public String answer(@ExecutionKey String key, String style, List<String> topics) throws Exception {
        gate.pass("before-fanout-1");
        List<String> first = fanOut(style, topics);
        String digest = ChatCompletions.complete(http, baseUrl, key, "Digest " + String.join(" | ", first));
        gate.pass("after-digest");
        List<String> second = fanOut(style, followUps(digest));
        gate.pass("after-fanout-2");
        String answer = ChatCompletions.complete(
                http, baseUrl, key, "Answer from " + String.join(" | ", first) + " | " + String.join(" | ", second));
        return answer + " <- " + first + " + " + second;
    }

    private List<String> fanOut(String style, List<String> topics) throws Exception {
        switch (FanOutStyle.valueOf(style)) {
            case SUPPLY_ASYNC:
                return supplyAsync(topics);
            case SUBMIT:
                return submit(topics);
            case VIRTUAL_EXECUTOR:
                return virtualExecutor(topics);
            case PARALLEL_STREAM:
                return parallelStream(topics);
            case INVOKE_ALL:
                return invokeAll(topics);
            case THREADS:
                return threads(topics);
            default: // VIRTUAL_THREADS and STRUCTURED_SCOPE need newer JDKs to compile: agents of their own
                throw new IllegalArgumentException(style + " is not a style of this class");
        }
    }

    private List<String> supplyAsync(List<String> topics) {
        ExecutorService executor = Executors.newFixedThreadPool(topics.size());
        try {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (String topic : topics) {
                futures.add(CompletableFuture.supplyAsync(() -> lookedUp(tools.lookup(topic)), executor));
            }
            List<String> results = new ArrayList<>();
            for (CompletableFuture<String> future : futures) {
                results.add(future.join());
            }
            return results;
        } finally {
            executor.shutdown();
        }
    }

    private List<String> submit(List<String> topics) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(topics.size());
        try {
            return getAll(submitAll(executor, topics));
        } finally {
            executor.shutdown();
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up so that this class compiles for Java 17. */
    private List<String> virtualExecutor(List<String> topics) throws Exception {
        ExecutorService executor = (ExecutorService)
                Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            return getAll(submitAll(executor, topics));
        } finally {
            executor.shutdown();
        }
    }

    private List<Future<String>> submitAll(ExecutorService executor, List<String> topics) {
        List<Future<String>> futures = new ArrayList<>();
        for (String topic : topics) {
            futures.add(executor.submit(() -> lookedUp(tools.lookup(topic))));
        }
        return futures;
    }

    private List<String> parallelStream(List<String> topics) {
        return topics.parallelStream()
                .map(tools::lookup)
                .map(ParallelToolsAgent::lookedUp)
                .collect(Collectors.toList());
    }

    private List<String> invokeAll(List<String> topics) throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (String topic : topics) {
            calls.add(() -> lookedUp(tools.lookup(topic)));
        }
        return getAll(pool.invokeAll(calls));
    }

    private List<String> threads(List<String> topics) throws InterruptedException {
        String[] results = new String[topics.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            int index = i;
            String topic = topics.get(i);
            Thread thread = new Thread(() -> results[index] = lookedUp(tools.lookup(topic)));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Arrays.asList(results);
    }

    private static List<String> getAll(List<Future<String>> futures) throws Exception {
        List<String> results = new ArrayList<>();
        for (Future<String> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /**
     * Says that a lookup returned to its branch (so its outcome is journaled: the test may kill now without it
     * being run again); printing is replay-silent, so replayed lookups say nothing.
     */
    static String lookedUp(String result) {
        System.out.println("LOOKED-UP " + result);
        return result;
    }

    /** @return the topics the digest asks to follow up ({@code "follow up on a, b, c"}) */
    static List<String> followUps(String digest) {
        int at = digest.indexOf(FOLLOW_UP);
        if (at < 0) {
            throw new IllegalStateException("the digest names no follow-ups: " + digest);
        }
        return Arrays.asList(digest.substring(at + FOLLOW_UP.length()).split(", "));
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "agent-pool");
        thread.setDaemon(true);
        return thread;
    }
}
