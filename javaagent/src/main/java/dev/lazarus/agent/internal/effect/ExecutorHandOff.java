package dev.lazarus.agent.internal.effect;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * A JDK or library method through which code hands work to another thread on behalf of its caller where no
 * durable body's call site shows it: {@code CompletableFuture.thenComposeAsync(fn)} inside an SDK's async client,
 * which runs {@code fn} on the future's default executor. Work handed off while the calling thread runs an
 * execution belongs to that execution: it runs as a branch of it, forked when the hand-off is made (on the calling
 * thread, in the order its code makes them, so the branch is named the same in every run).
 *
 * <p>Woven like a boundary (the same entry hook), but nothing is journaled: the engine gives the hand-off a way to
 * make an executor whose tasks run as the caller's next branch, and the hand-off answers the woven method with it.
 * While {@link #enter} runs, the thread counts as performing an effect, so its own call of the woven method runs
 * as written.
 */
public interface ExecutorHandOff {
    /** @return the name the woven hook passes; never journaled */
    String id();

    /** @return the methods this hand-off weaves */
    List<WovenMethod> methods();

    /**
     * Answers a call of the woven method made on a thread that runs an execution.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @param asBranch wraps an executor so that each task it is given runs as the caller's next branch (the
     *     branch's number is taken when this is called)
     * @return what the woven method returns
     * @throws Throwable what the woven method throws
     */
    Object enter(Object receiver, Object[] args, UnaryOperator<Executor> asBranch) throws Throwable;
}
