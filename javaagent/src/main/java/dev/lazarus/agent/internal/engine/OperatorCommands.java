package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionState;
import org.slf4j.Logger;

/**
 * What an operator asks of executions from the command line ({@code retry ID}, {@code cancel ID},
 * {@code delete ID} while the application holds the journal), as the inbox carries it: at start-up, before
 * recovery is scheduled, and while the application runs.
 */
final class OperatorCommands {
    private final ExecutionContext context;
    private final ExecutionOutcomes outcomes;
    private final RunningExecutions running;
    private final Logger log;

    OperatorCommands(ExecutionContext context, ExecutionOutcomes outcomes, RunningExecutions running) {
        this.context = context;
        this.outcomes = outcomes;
        this.running = running;
        this.log = context.log();
    }

    /**
     * Carries out one command; an unknown one is logged (LAZ-503) and ignored.
     *
     * @param command {@code retry} or {@code cancel}
     * @param executionId the execution it is for
     */
    void carryOut(String command, String executionId) {
        if ("retry".equals(command)) {
            retry(executionId);
        } else if ("cancel".equals(command)) {
            cancel(executionId);
        } else {
            log.warn("LAZ-503: unknown command '{}' in the inbox; ignored", LogText.escape(command));
        }
    }

    /**
     * {@code retry ID}: a FAILED or DIVERGED execution counts as unfinished again and resumes at the next
     * start (or now, when this runs at start-up, before recovery is scheduled).
     */
    void retry(String executionId) {
        ExecutionRecord r = context.index().get(executionId);
        if (r == null || !(r.state == ExecutionState.FAILED || r.state == ExecutionState.DIVERGED)) {
            log.warn(
                    "retry {}: no FAILED or DIVERGED execution with that id; nothing done",
                    LogText.escape(executionId));
            return;
        }
        context.append(new ExecutionRetried(executionId, context.clock().currentTimeMillis()));
        log.info("execution {} will be recovered again (retry asked from the command line)", executionId);
    }

    /**
     * {@code cancel ID}: an unfinished execution is finished as FAILED (LAZ-402) and never resumed; if it
     * runs in this process its thread is interrupted (a wait or timer ends at once).
     */
    void cancel(String executionId) {
        ExecutionRecord r = context.index().get(executionId);
        if (r == null || r.isFinished()) {
            log.warn("cancel {}: no unfinished execution with that id; nothing done", LogText.escape(executionId));
            return;
        }
        outcomes.fail(
                executionId,
                new LazarusException("LAZ-402", "execution " + executionId + " was cancelled from the command line"));
        running.interrupt(executionId);
        log.info("execution {} cancelled", executionId);
    }

    /**
     * {@code delete ID}: a finished execution is gone from here on: an {@code execution-deleted} record is
     * appended, and the index forgets the execution (its explicit key no longer answers with its outcome);
     * compaction later removes its records from disk. An unfinished execution is refused (it must be cancelled
     * first: deleting what may still run would lose its work silently), as is an unknown one.
     *
     * @param executionId the execution
     * @param reason who or what asked, as the operator gave it
     */
    void delete(String executionId, String reason) {
        ExecutionRecord r = context.index().get(executionId);
        if (r == null) {
            log.warn(
                    "delete {}: no execution with that id (deleted already?); nothing done",
                    LogText.escape(executionId));
            return;
        }
        if (!r.isFinished()) {
            log.warn(
                    "delete {}: the execution is {}, not finished; cancel it first, then delete it; nothing done",
                    executionId,
                    r.state);
            return;
        }
        context.append(new ExecutionDeleted(executionId, reason, context.clock().currentTimeMillis()));
        log.info(
                "execution {} deleted (asked from the command line); compaction removes its records from disk",
                executionId);
    }
}
