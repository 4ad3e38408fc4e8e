package dev.lazarus.agent.internal.effect;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * {@code CompletableFuture.defaultExecutor()}: the executor of every {@code *Async} stage made without one
 * ({@code thenComposeAsync(fn)}, {@code thenApplyAsync(fn)}...), asked for when the stage is made, on the thread
 * that makes it. Made on a thread that runs an execution, the stage's work runs as a branch of it. This is how an
 * asynchronous client that hops to the common pool before it reaches the network (the OpenAI Java SDK's async
 * services prepare the request, then {@code thenComposeAsync} to the HTTP call) keeps its effect in the execution
 * that asked for it: without it, the {@code enqueue} under it would run on a pool thread outside any execution and
 * happen again on replay.
 */
final class CompletableFutureHandOff implements ExecutorHandOff {
    static final String ID = "fork:CompletableFuture.defaultExecutor";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(new WovenMethod(
                Set.of("java/util/concurrent/CompletableFuture"),
                "defaultExecutor",
                "()Ljava/util/concurrent/Executor;"));
    }

    @Override
    public Object enter(Object receiver, Object[] args, UnaryOperator<Executor> asBranch) {
        return asBranch.apply(((CompletableFuture<?>) receiver).defaultExecutor()); // the nested entry proceeds
    }
}
