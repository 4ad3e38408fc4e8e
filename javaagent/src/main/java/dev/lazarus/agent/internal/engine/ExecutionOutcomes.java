package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionState;

/**
 * How executions end in the journal ({@link ExecutionFinished}), and how a finished one's outcome is read
 * back: by the body that returned or threw, by the engine when it gives up on an execution (an operator's
 * cancel, arguments that no longer decode, a poison execution), and by a caller that an explicit key's
 * finished execution answers.
 */
final class ExecutionOutcomes {
    private final ExecutionContext context;
    private final ValueCodec codec;

    ExecutionOutcomes(ExecutionContext context) {
        this.context = context;
        this.codec = context.codec();
    }

    /**
     * Journals how a body ended, unless the execution was already finished meanwhile (cancelled from the
     * command line while it ran: that is its outcome).
     *
     * @param ex the execution
     * @param state {@code COMPLETED} or {@code FAILED}
     * @param outcome the result, or the exception (its stack trace filled in)
     * @return {@code null}, or the error recorded in the outcome's place because the outcome is too large to
     *     journal ({@code LAZ-106}): the caller must get that error, as a later call of the same key will
     */
    LazarusException finish(Execution ex, ExecutionState state, Object outcome) {
        ExecutionRecord record = context.index().get(ex.id);
        if (record != null && record.isFinished()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(outcome, ex.method.loader());
        } catch (CodecException e) {
            LazarusException replacement = new LazarusException(
                    "LAZ-205",
                    "the "
                            + (state == ExecutionState.COMPLETED ? "result" : "exception") + " of "
                            + ex.method.display()
                            + " cannot be journaled: " + e.getMessage() + "; return plain data from durable methods");
            bytes = codec.encode(replacement, ex.method.loader());
            state = ExecutionState.FAILED;
        }
        LazarusException tooLarge = null;
        if (RecordLimit.exceeded(bytes)) {
            tooLarge = RecordLimit.refusal(
                    "the " + (state == ExecutionState.COMPLETED ? "result" : "exception") + " of "
                            + ex.method.display(),
                    bytes.length,
                    "the execution is marked FAILED with this error");
            bytes = codec.encode(tooLarge, ValueLoaders.of(LazarusException.class));
            state = ExecutionState.FAILED;
            context.log().error("{} (execution {})", tooLarge.getMessage(), ex.id);
        }
        context.append(
                new ExecutionFinished(ex.id, state, bytes, context.clock().currentTimeMillis()));
        return tooLarge;
    }

    /**
     * Finishes an execution as {@code FAILED} with a failure of the engine's own making, whether or not it
     * runs in this process. The exception is of an API class, which every application loader sees, so it is
     * encoded without any application's loader.
     *
     * @param executionId the execution
     * @param why the failure, with its {@code LAZ-} code
     */
    void fail(String executionId, LazarusException why) {
        context.append(new ExecutionFinished(
                executionId,
                ExecutionState.FAILED,
                codec.encode(why, ValueLoaders.of(LazarusException.class)),
                context.clock().currentTimeMillis()));
    }

    /**
     * An unfinished execution that can never resume (its journaled arguments no longer decode: the class
     * changed or is gone) is finished as FAILED, so that it is not retried at every start.
     *
     * @param executionId the execution
     * @param why what cannot be decoded, and why
     */
    void failUnresumable(String executionId, String why) {
        ExecutionRecord r = context.index().get(executionId);
        if (r == null || r.isFinished()) {
            return;
        }
        LazarusException e = new LazarusException(
                "LAZ-206",
                "execution " + executionId + " cannot be resumed: " + why
                        + "; it is marked FAILED (restore the class and use 'retry', or leave it)");
        fail(executionId, e);
        context.log().error("{}", e.getMessage());
    }

    /**
     * The outcome of a finished execution, decoded in the loader of its durable class (which sees the
     * application's own result and exception types wherever it is loaded).
     *
     * @param m the durable method
     * @param finished its finished execution
     * @return the recorded result
     * @throws Throwable the recorded exception of a {@code FAILED} execution; LAZ-206 if it no longer decodes
     */
    Object recorded(DurableMethodInfo m, ExecutionRecord finished) throws Throwable {
        Object value;
        try {
            value = codec.decode(finished.finished.outcome(), m.loader());
        } catch (CodecException e) {
            throw new LazarusException(
                    "LAZ-206",
                    "the recorded outcome of " + m.display() + " no longer deserializes: " + e.getMessage()
                            + " (execution " + finished.id() + ")");
        }
        if (finished.state == ExecutionState.FAILED) {
            throw (Throwable) value;
        }
        return value;
    }

    /** A failure of the journal itself: the execution is not over, it must resume after a restart. */
    static boolean isEngineFailure(Throwable t) {
        return t instanceof JournalException;
    }
}
