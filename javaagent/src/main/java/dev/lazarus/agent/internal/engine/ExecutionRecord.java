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

    ExecutionFinished finished;
    ExecutionState state = ExecutionState.RUNNING;
    /** Recoveries in a row with no step and no divergence recorded between them: each killed the process. */
    int fruitlessRecoveries;

    ExecutionRecord(ExecutionStarted started) {
        this.started = started;
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
