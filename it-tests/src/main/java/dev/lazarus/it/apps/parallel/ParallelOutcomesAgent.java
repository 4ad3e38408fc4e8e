package dev.lazarus.it.apps.parallel;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forked lookups whose outcome for the body is not just a value ({@link BranchOutcome}): the winner of
 * {@code invokeAny}, a lookup that throws, a {@code get} that times out, a cancelled future. The body reports each
 * outcome in its result, so a replay that gave the body another outcome shows.
 *
 * <p>{@code ParallelOutcomesAgent BASE_URL OUTCOME KEY}: prints {@code RESULT <result>}, and {@code LOOKED-UP
 * <answer>} (live only) as {@link ParallelToolsAgent} does. Kill point: {@code gate:after-outcome}, once the body
 * has seen the outcome.
 */
public final class ParallelOutcomesAgent {
    /** The timed wait of {@link BranchOutcome#TIMEOUT}: the held lookup is not answered within it. */
    private static final long WAIT_MILLIS = 300;

    private final LookupTools tools;
    private final Gate gate = new Gate();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, ParallelOutcomesAgent::daemon);

    /** @param baseUrl the tool server, {@code http://127.0.0.1:PORT} */
    public ParallelOutcomesAgent(String baseUrl) {
        this.tools = new LookupTools(baseUrl);
    }

    public static void main(String[] args) throws Exception {
        ParallelOutcomesAgent agent = new ParallelOutcomesAgent(args[0]);
        System.out.println("RESULT " + agent.run(args[2], args[1]));
    }

    /** @return what the body saw of its forked lookups */
    @Durable
    public String run(@ExecutionKey String key, String outcome) throws Exception {
        switch (BranchOutcome.valueOf(outcome)) {
            case INVOKE_ANY:
                return invokeAny(key);
            case THROWS:
                return throwing(key);
            case TIMEOUT:
                return timeout(key);
            case CANCEL:
                return cancel(key);
            default:
                throw new IllegalArgumentException(outcome);
        }
    }

    private String invokeAny(String key) throws Exception {
        List<Callable<String>> mirrors = new ArrayList<>();
        for (String mirror : List.of("a", "b", "c")) {
            String topic = key + "-mirror-" + mirror;
            mirrors.add(() -> ParallelToolsAgent.lookedUp(tools.lookup(topic)));
        }
        String winner = pool.invokeAny(mirrors);
        gate.pass("after-outcome");
        return "winner " + winner + " then " + tools.lookup(key + "-after");
    }

    private String throwing(String key) throws Exception {
        List<Future<String>> futures = new ArrayList<>();
        for (String topic : List.of(key + "-ok-1", key + "-broken", key + "-ok-2")) {
            futures.add(pool.submit(() -> ParallelToolsAgent.lookedUp(tools.lookup(topic))));
        }
        List<String> seen = new ArrayList<>();
        for (Future<String> future : futures) {
            try {
                seen.add(future.get());
            } catch (ExecutionException e) {
                seen.add("threw " + e.getCause().getClass().getName() + ": "
                        + e.getCause().getMessage());
            }
        }
        gate.pass("after-outcome");
        return String.join(" | ", seen);
    }

    private String timeout(String key) throws Exception {
        Future<String> slow = pool.submit(() -> ParallelToolsAgent.lookedUp(tools.lookup(key + "-slow")));
        Future<String> quick = pool.submit(() -> ParallelToolsAgent.lookedUp(tools.lookup(key + "-quick")));
        String first = quick.get();
        String waited;
        try {
            waited = slow.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waited = "timed out";
        }
        gate.pass("after-outcome");
        return first + " | " + waited + " | later " + slow.get();
    }

    private String cancel(String key) throws Exception {
        Future<String> slow = pool.submit(() -> ParallelToolsAgent.lookedUp(tools.lookup(key + "-slow")));
        Future<String> quick = pool.submit(() -> ParallelToolsAgent.lookedUp(tools.lookup(key + "-quick")));
        String first = quick.get();
        boolean cancelled = slow.cancel(true);
        String after;
        try {
            after = "got " + slow.get();
        } catch (CancellationException e) {
            after = "get threw CancellationException";
        }
        gate.pass("after-outcome");
        return first + " | cancel " + cancelled + " | isCancelled " + slow.isCancelled() + " | isDone " + slow.isDone()
                + " | " + after;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "outcomes-pool");
        thread.setDaemon(true);
        return thread;
    }
}
