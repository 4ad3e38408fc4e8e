package dev.lazarus.agent.internal.effect;

/**
 * The engine's side of one asynchronous effect, handed to its {@link AsyncEffectBoundary}: the effect was
 * started on a thread running an execution and is completed on another, and it belongs to a branch of that
 * execution of its own, forked at the call. Whatever thread the library completes the effect on reports it
 * here, and runs the caller's callbacks through {@link #inBranch}, so that what they do (an SDK parsing the
 * response, an effect inside a callback) is positioned within the effect's branch.
 *
 * <p>Thread-safe. The first of {@link #completed}, {@link #streaming} and {@link #failed} decides what is
 * journaled; later reports are ignored.
 */
public interface AsyncEffect {
    /** Work run as the effect's branch. */
    interface Work<T> {
        /**
         * @return the work's result
         * @throws Throwable what the work threw, unchanged
         */
        T run() throws Throwable;
    }

    /**
     * Journals the effect's data, complete (a body read to its end, or as far as the caller read it before it
     * cancelled, or as far as it came before the network broke). Called before the caller sees the end of the
     * data, so that what the caller acted on is journaled first.
     *
     * @param data what to journal: JDK types only (see {@link EffectBoundary})
     */
    void completed(Object data);

    /**
     * Hands the engine the effect's data as a stream the caller is reading (a response body, once its headers
     * came): the effect is journaled when the boundary reports the stream's end ({@link StreamedData#onDone}),
     * or earlier, when the code that started the effect is about to write its next record or end, since it may
     * have acted on what it read: the engine then asks the boundary to read the rest into memory for the caller
     * ({@link StreamedData#finish}). A process killed before either has no record of the effect, which happens
     * again. Replaces {@link #completed}; a later {@link #failed} is ignored.
     *
     * @param streamed where the data comes from
     */
    void streaming(StreamedData streamed);

    /**
     * Journals the effect's failure before any data came (a refused connection): replay hands the caller the
     * same exception.
     *
     * @param failure what the library reported
     */
    void failed(Throwable failure);

    /**
     * Runs {@code work} on the calling thread as the effect's branch, then restores what the thread ran before.
     *
     * @param work a callback of the caller, or the completion of what the caller waits on
     * @return what the work returned
     * @throws Throwable what the work threw
     */
    <T> T inBranch(Work<T> work) throws Throwable;

    /**
     * Runs {@code work} as the effect's branch on a daemon thread of the agent, later: a replayed effect's
     * callback, which the caller expects on another thread than its own, as the library would call it.
     *
     * @param work the callback
     */
    void inBranchLater(Work<?> work);
}
