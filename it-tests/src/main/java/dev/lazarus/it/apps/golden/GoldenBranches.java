package dev.lazarus.it.apps.golden;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The durable method of the golden scenario {@code branches} (format v2): work the body hands to other threads,
 * each task a branch of the execution whose journaled calls are recorded under the branch's id
 * ({@code <execution>~<n>}, or {@code ~<n>.<i>} for a parallel stream's element), with no start record of its
 * own. The body asks its {@link GoldenTools} (held in a field) for topics itself, then fans out in the ways the
 * JDK offers: four {@code submit}s (branches {@code ~0} to {@code ~3}), a {@code supplyAsync} and the
 * {@code thenApply} that depends on it ({@code ~4}, {@code ~5}), a parallel stream of three elements
 * ({@code ~6.0} to {@code ~6.2}) and an {@code invokeAny} of two tasks ({@code ~7}, which fails at once without
 * a call, and {@code ~8}, which wins: a decision of the body, journaled with the winner's index).
 */
public class GoldenBranches {
    private final GoldenTools tools = new GoldenTools();
    /** Enough threads for the first fan-out to run at once; daemons, so they never keep the JVM alive. */
    private final ExecutorService pool = Executors.newFixedThreadPool(GoldenInputs.TOPICS.size(), task -> {
        Thread t = new Thread(task, "golden-pool");
        t.setDaemon(true);
        return t;
    });

    /** @return the findings, the refined digest, the checks and the answer */
    @Durable(name = "golden.branches")
    public String research(@ExecutionKey String key) throws InterruptedException, ExecutionException {
        List<String> topics = tools.topics(key);
        List<Future<String>> lookups = new ArrayList<>();
        for (String topic : topics) {
            lookups.add(pool.submit(() -> tools.lookup(key, topic)));
        }
        List<String> findings = new ArrayList<>();
        for (Future<String> lookup : lookups) {
            findings.add(lookup.get());
        }
        String refined = CompletableFuture.supplyAsync(() -> tools.digest(key, findings), pool)
                .thenApply(digest -> tools.refine(key, digest))
                .join();
        List<String> checks = GoldenInputs.CHECKS.parallelStream()
                .map(item -> tools.check(key, item))
                .collect(Collectors.toList());
        List<Callable<String>> sources = List.of(
                () -> {
                    throw new IllegalStateException(Answers.unavailable(key));
                },
                () -> tools.answer(key, refined));
        String answer = pool.invokeAny(sources);
        return summary(findings, refined, checks, answer);
    }

    /** @return what {@link #research} returns for these values (a helper of the body, public for the tests) */
    public static String summary(List<String> findings, String refined, List<String> checks, String answer) {
        return GoldenFlows.joined(findings, refined, checks, answer);
    }
}
