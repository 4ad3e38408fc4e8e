package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecoveryStarted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The executions of a journal, built by replaying its records at start-up and kept current as the
 * engine writes new ones. Thread-safe: every method synchronizes on the index.
 */
final class ExecutionIndex {
    private final Map<String, ExecutionRecord> byId = new HashMap<>();
    /** (application, durable name, key) to the newest top-level execution with that identity. */
    private final Map<String, ExecutionRecord> byIdentity = new HashMap<>();
    /** Events not consumed yet, in the order they were sent. */
    private final Map<String, EventSent> pendingEvents = new LinkedHashMap<>();
    /** Every event id ever recorded (consumed or not), so an inbox file is never recorded twice. */
    private final Set<String> eventIds = new HashSet<>();

    /**
     * An execution's identity: its application ({@link ApplicationName}), durable name and key. Two
     * applications of one JVM that define the same durable method never share an execution.
     */
    static String identity(String application, String durableName, String key) {
        return application + '\u0000' + durableName + '\u0000' + key;
    }

    /** Applies one record, in journal order. */
    synchronized void apply(JournalRecord record) {
        if (record instanceof EventSent e) {
            eventIds.add(e.eventId());
            pendingEvents.put(e.eventId(), e);
        } else if (record instanceof EventConsumed c && c.eventId() != null) {
            pendingEvents.remove(c.eventId());
        }
        if (record.executionId() == null || (record instanceof ExecutionStep step && step.position() < 0)) {
            return; // an event sent, or consumed, outside of any execution
        }
        if (record instanceof ExecutionStarted s) {
            ExecutionRecord r = new ExecutionRecord(s);
            byId.put(s.executionId(), r);
            if (s.parentId() == null) {
                byIdentity.put(identity(s.application(), s.durableName(), s.key()), r);
            }
            return;
        }
        ExecutionRecord r = byId.get(record.executionId());
        if (r == null) {
            String owner = BranchIds.owner(record.executionId());
            ExecutionRecord o = owner == null ? null : byId.get(owner);
            if (o != null) {
                applyToBranch(o, record);
            }
            return; // else a record whose start is not in this journal (damage verify would report): nothing to resume
        }
        if (record instanceof ExecutionStep step) {
            if (!r.isFinished()) {
                r.steps.add(step);
            }
            r.fruitlessRecoveries = 0;
        } else if (record instanceof AttemptFailed a) {
            r.attempts.put(a.position(), a);
            r.fruitlessRecoveries = 0;
        } else if (record instanceof EffectRecorded e) {
            if (!r.isFinished()) {
                r.effects.computeIfAbsent(e.position(), p -> new ArrayList<>()).add(e);
            }
            r.fruitlessRecoveries = 0;
        } else if (record instanceof ExecutionFinished f) {
            r.finished = f;
            r.state = f.state();
            if (f.state() == ExecutionState.COMPLETED) {
                r.steps.clear(); // a failed execution keeps its steps: 'retry' may resume it
                r.attempts.clear();
                r.effects.clear();
                r.branches.clear();
            }
        } else if (record instanceof ExecutionRetried) {
            if (r.state == ExecutionState.FAILED || r.state == ExecutionState.DIVERGED) {
                r.state = ExecutionState.RUNNING;
                r.finished = null;
                r.fruitlessRecoveries = 0;
            }
        } else if (record instanceof RecoveryStarted) {
            r.fruitlessRecoveries++;
        } else if (record instanceof ExecutionDiverged) {
            r.state = ExecutionState.DIVERGED;
            r.fruitlessRecoveries = 0;
        }
    }

    /** A record of one of {@code owner}'s branches: kept with the owner, for its replay. */
    private static void applyToBranch(ExecutionRecord owner, JournalRecord record) {
        if (owner.isFinished() && owner.state == ExecutionState.COMPLETED) {
            return; // a branch that went on after its execution completed: nothing will replay it
        }
        BranchJournal b = owner.branches.computeIfAbsent(record.executionId(), id -> new BranchJournal());
        if (record instanceof ExecutionStep step) {
            b.steps.add(step);
        } else if (record instanceof AttemptFailed a) {
            b.attempts.put(a.position(), a);
        } else if (record instanceof EffectRecorded e) {
            b.effects.computeIfAbsent(e.position(), p -> new ArrayList<>()).add(e);
        } else {
            return;
        }
        owner.fruitlessRecoveries = 0;
    }

    synchronized ExecutionRecord get(String id) {
        return byId.get(id);
    }

    synchronized ExecutionRecord latest(String identity) {
        return byIdentity.get(identity);
    }

    /** @return unfinished top-level executions (running or diverged), in start order */
    synchronized List<ExecutionRecord> unfinishedTopLevel() {
        List<ExecutionRecord> list = new ArrayList<>();
        for (ExecutionRecord r : byId.values()) {
            if (!r.isFinished() && r.isTopLevel()) {
                list.add(r);
            }
        }
        list.sort((a, b) -> Long.compare(a.started.startedAtMillis(), b.started.startedAtMillis()));
        return list;
    }

    /** A copy of an unfinished execution's steps, for replay. */
    synchronized List<ExecutionStep> steps(ExecutionRecord r) {
        return new ArrayList<>(r.steps);
    }

    /** A copy of an unfinished execution's failed attempts, by position. */
    synchronized Map<Integer, AttemptFailed> attempts(ExecutionRecord r) {
        return new HashMap<>(r.attempts);
    }

    /** A copy of an unfinished execution's effects inside journaled calls, by the call's position. */
    synchronized Map<Integer, List<EffectRecorded>> effects(ExecutionRecord r) {
        Map<Integer, List<EffectRecorded>> copy = new HashMap<>();
        r.effects.forEach((position, list) -> copy.put(position, List.copyOf(list)));
        return copy;
    }

    /** A copy of what an unfinished execution's branches recorded, by branch id, for replay. */
    synchronized Map<String, BranchJournal> branches(ExecutionRecord r) {
        if (r.branches.isEmpty()) {
            return Map.of();
        }
        Map<String, BranchJournal> copy = new HashMap<>();
        r.branches.forEach((id, journal) -> copy.put(id, journal.copy()));
        return copy;
    }

    /** @return events sent and not consumed, oldest first */
    synchronized List<EventSent> pendingEvents() {
        return new ArrayList<>(pendingEvents.values());
    }

    synchronized boolean hasEvent(String eventId) {
        return eventIds.contains(eventId);
    }
}
