package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.record.ExecutionCrashed;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Poison detection at start-up: an execution that keeps killing the process while it runs its own code is given up
 * ({@code FAILED}, LAZ-401) instead of being resumed into the same death forever. Only crashes count: the last
 * process's {@link ActivityBoard} ({@link LeftBoard}) says which executions were in their own code when it died,
 * each gets an {@code ExecutionCrashed} record, and the index counts those records since the execution's last
 * progress. A restart as such counts for nothing, so an execution that waits for an event or a timer, or whose call
 * is slow, survives any number of deploys, graceful or killed.
 *
 * <p>An execution is given up once it crashed the process more than {@code maxRecoveries} times in a row: its first
 * run and {@code maxRecoveries} recoveries died in its own code without recording anything new.
 */
final class PoisonCheck {
    private final ExecutionContext context;
    private final ExecutionOutcomes outcomes;
    private final int maxRecoveries;
    private final Logger log;

    PoisonCheck(ExecutionContext context, ExecutionOutcomes outcomes, int maxRecoveries) {
        this.context = context;
        this.outcomes = outcomes;
        this.maxRecoveries = maxRecoveries;
        this.log = context.log();
    }

    /**
     * Journals an {@code ExecutionCrashed} for each unfinished top-level execution the last process was running in
     * its own code (and nowhere outside it) when it died. Call it before anything resumes.
     *
     * @param left the board the last process left
     * @return how many crashes were journaled
     */
    int recordCrashes(LeftBoard left) {
        if (left.ignored() != null) {
            if (log.isDebugEnabled()) {
                log.debug("the activity board attributes no crash: {}", left.ignored());
            }
            return 0;
        }
        int n = 0;
        long now = context.clock().currentTimeMillis();
        for (ExecutionRecord r : context.index().unfinishedTopLevel()) {
            if (left.crashedInOwnCode(r.id())) {
                context.append(new ExecutionCrashed(r.id(), left.position(r.id()), now));
                n++;
            }
        }
        return n;
    }

    /**
     * Fails the poison executions among {@code unfinished} and returns the others, which may resume.
     *
     * @param unfinished the unfinished top-level executions
     * @return those not given up
     */
    List<ExecutionRecord> giveUpPoison(List<ExecutionRecord> unfinished) {
        List<ExecutionRecord> resumable = new ArrayList<>(unfinished.size());
        for (ExecutionRecord r : unfinished) {
            int crashes = r.crashesWithoutProgress;
            if (crashes > maxRecoveries) {
                LazarusException poison = new LazarusException(
                        "LAZ-401",
                        "execution " + r.id() + " of " + r.started.durableName() + " crashed the process " + crashes
                                + " times in a row while running its own code, without progress in between"
                                + " (maxRecoveries=" + maxRecoveries + "); it is marked FAILED (use 'retry' after"
                                + " fixing the cause)");
                outcomes.fail(r.id(), poison);
                log.error("{}", poison.getMessage());
            } else {
                resumable.add(r);
            }
        }
        return resumable;
    }
}
