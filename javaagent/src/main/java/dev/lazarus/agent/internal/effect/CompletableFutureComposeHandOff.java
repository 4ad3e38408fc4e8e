package dev.lazarus.agent.internal.effect;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code CompletableFuture.thenComposeAsync(fn, executor)}: the hop an asynchronous client makes to an executor of
 * its own before it reaches the network. The Anthropic Java SDK's async services prepare the request, then
 * {@code thenComposeAsync} to the HTTP call on the client's {@code completionExecutor} (a thread pool the SDK
 * makes), so the {@code enqueue} under it would run on a pool thread outside any execution and happen again on
 * replay. Made on a thread that runs an execution, the stage's work runs as a branch of it: the call is made
 * again with the executor wrapped, the branch's number taken now, on the calling thread.
 *
 * <p>The form without an executor is {@link CompletableFutureHandOff}'s ({@code defaultExecutor()}); it does not
 * pass through this method, so no stage takes two hand-off numbers. A durable body's own
 * {@code thenComposeAsync(fn, executor)} is a fork at its call site as well, so it takes two numbers, the same in
 * every run.
 */
final class CompletableFutureComposeHandOff implements ExecutorHandOff {
    static final String ID = "fork:CompletableFuture.thenComposeAsync";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(
                new WovenMethod(
                        Set.of("java/util/concurrent/CompletableFuture"),
                        "thenComposeAsync",
                        "(Ljava/util/function/Function;Ljava/util/concurrent/Executor;)Ljava/util/concurrent/CompletableFuture;"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object enter(Object receiver, Object[] args, UnaryOperator<Executor> asBranch) {
        Function<Object, CompletionStage<Object>> fn = (Function<Object, CompletionStage<Object>>) args[0];
        Executor executor = (Executor) args[1];
        if (executor == null) {
            return ((CompletableFuture<Object>) receiver).thenComposeAsync(fn, executor); // its own NPE, as written
        }
        // the nested entry proceeds: the real method, with the executor that runs the stage as a branch
        return ((CompletableFuture<Object>) receiver).thenComposeAsync(fn, asBranch.apply(executor));
    }
}
