package dev.lazarus.agent.internal.effect;

/**
 * The data of an effect that its caller consumes after the woven method has returned — a response body read
 * as a stream (server-sent events) — and that is known in full only once the caller is done with it.
 *
 * <p>The engine reserves the effect's place in the journal when the effect starts, hands the caller the
 * boundary's value at once, and journals the data when the caller is done ({@link #onDone}: the stream was
 * read to its end or closed) or, if the execution needs its next record first (its next step, or its end),
 * asks for it early ({@link #finish}): the boundary then reads the rest into memory, keeps it for the caller,
 * and the effect is journaled in its place, before the record that needed it.
 *
 * <p>Implementations are thread-safe: the caller may consume the stream on another thread than the one the
 * engine finishes it on.
 */
public interface StreamedData {
    /**
     * Registers what to run once the caller is done with the stream (read to its end, closed, or failed while
     * reading). Called once, by the engine, after the woven method returned; if the caller is already done, the
     * boundary runs {@code done} at once. The boundary runs it at most once, on the thread that saw the end,
     * holding no lock of its own.
     *
     * @param done what the engine does then: {@link #finish}, and journal the result
     */
    void onDone(Runnable done);

    /**
     * Completes the data: reads what the caller has not read yet into memory (the caller still gets it, from
     * there) unless the caller closed the stream, and returns what to journal. Called once by the engine,
     * either from {@code done} or earlier, when the execution needs the effect's record. Never throws: a
     * failure while reading belongs to the data (a stream that broke is journaled as broken and breaks again at
     * the same byte on replay).
     *
     * @return the data to journal: JDK types only (see {@link EffectBoundary})
     */
    Object finish();
}
