package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the journal holds of one branch of an unfinished execution (see {@link BranchIds}): its steps in
 * position order, the last failed attempt of each call it was retrying, and the effects inside its journaled
 * calls. A branch has no start record: its records are recognised by its id and kept with the execution
 * that owns it, so that the execution's replay can hand each branch its own.
 */
final class BranchJournal {
    final List<ExecutionStep> steps = new ArrayList<>();
    final Map<Integer, AttemptFailed> attempts = new HashMap<>();
    final Map<Integer, List<EffectRecorded>> effects = new HashMap<>();

    /** A copy for one replay: the index keeps its own lists growing while the replay consumes these. */
    BranchJournal copy() {
        BranchJournal c = new BranchJournal();
        c.steps.addAll(steps);
        c.attempts.putAll(attempts);
        effects.forEach((position, list) -> c.effects.put(position, List.copyOf(list)));
        return c;
    }
}
