package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.ExecutionStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the journal holds about one execution: its start, its steps (while unfinished), its end. */
final class ExecutionRecord {
    final ExecutionStarted started;
    /** Steps in position order; cleared once the execution is finished (only its outcome matters then). */
    final List<ExecutionStep> steps = new ArrayList<>();
    /** The last failed attempt of each call still being retried, by position. */
    final Map<Integer, AttemptFailed> attempts = new HashMap<>();
    /** Effects at boundaries inside journaled calls, by the call's position, in index order. */
    final Map<Integer, List<EffectRecorded>> effects = new HashMap<>();
    /** What its branches recorded, by branch id (see {@link BranchIds}); cleared with the steps. */
    final Map<String, BranchJournal> branches = new HashMap<>();

    /** The lsn of its start in the journal, 0 when unknown. */
    long startLsn;

    ExecutionFinished finished;
    ExecutionState state = ExecutionState.RUNNING;
    /**
     * For a top-level execution: the {@code ExecutionCrashed} records of it (and of its children and branches) since
     * the last progress anywhere in it (a step, an effect, a failed attempt, a divergence, a child started, a retry):
     * the times in a row it crashed the process while running its own code.
     */
    int crashesWithoutProgress;

    /** For a top-level execution: its children's ids (null until it has one), forgotten with it. */
    private List<String> descendants;
    /** The events it consumed (null until it consumes one), forgotten with it. */
    private List<String> consumedEvents;

    ExecutionRecord(ExecutionStarted started) {
        this.started = started;
    }

    List<String> descendants() {
        if (descendants == null) {
            descendants = new ArrayList<>(2);
        }
        return descendants;
    }

    boolean hasDescendants() {
        return descendants != null;
    }

    List<String> consumedEvents() {
        if (consumedEvents == null) {
            consumedEvents = new ArrayList<>(1);
        }
        return consumedEvents;
    }

    boolean hasConsumedEvents() {
        return consumedEvents != null;
    }

    String id() {
        return started.executionId();
    }

    boolean isFinished() {
        return state.isFinished();
    }

    boolean isTopLevel() {
        return started.parentId() == null;
    }
}
