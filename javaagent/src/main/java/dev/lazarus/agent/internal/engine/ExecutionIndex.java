package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.retention.ExecutionStatus;
import dev.lazarus.agent.internal.retention.ExecutionStatuses;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The executions of a journal, built by replaying its records at start-up and kept current as the
 * engine writes new ones (each record is applied with its lsn, in lsn order, as the journal assigns it). Thread-safe:
 * every method synchronizes on the index, and none calls the journal while it holds the index (the journal applies
 * records while it holds its own append lock).
 *
 * <p>What is unfinished is held in full: the steps, attempts, effects and branches a resume replays. A top-level
 * execution that completed is held as one row of {@link HashedRowRing} (hashes of its id and identity, the lsns of
 * its start and end, when it finished: 40 bytes and two hash cells) with the events it consumed; its children are
 * dropped. {@link #get} and {@link #latest} read such an execution's start and end back from the journal when asked
 * (an explicit key's re-call, an operator's delete), so the heap grows with what is unfinished, not with history.
 * Executions that ended FAILED or DIVERGED stay in full until retention forgets them: a {@code retry} resumes them.
 *
 * <p>It is also what retention asks ({@link ExecutionStatuses}): which executions are unfinished, finished since
 * when, or unknown; and it forgets finished executions once retention expired them
 * ({@link #forgetFinishedBefore}), so a running application holds what it can still answer, not every execution
 * it ever ran.
 */
final class ExecutionIndex implements ExecutionStatuses {
    private final Map<String, ExecutionRecord> byId = new HashMap<>();
    /** (application, durable name, key) to the newest top-level execution with that identity. */
    private final Map<String, ExecutionRecord> byIdentity = new HashMap<>();
    /** Events not consumed yet, in the order they were sent. */
    private final Map<String, EventSent> pendingEvents = new LinkedHashMap<>();
    /**
     * Every event id recorded and not yet forgotten (consumed or not), so an inbox file is never recorded twice while
     * its event can still be shown.
     */
    private final Set<String> eventIds = new HashSet<>();
    /** Consumed events, by event id: who consumed them (an execution id, or {@code null} for code outside one). */
    private final Map<String, Consumption> consumed = new HashMap<>();
    /** Finished executions in the order they finished, for forgetting them once retention expired them. */
    private final ArrayDeque<Finish> finishOrder = new ArrayDeque<>();
    /**
     * Top-level executions an operator deleted, until {@code retention} after the deletion: compaction rewrites the
     * segments holding their records whatever it costs, so that the bytes leave the disk (after that, what may be
     * left of them is ordinary dead bytes).
     */
    private final Map<String, Long> deleted = new HashMap<>();

    private final ArrayDeque<Finish> deletionOrder = new ArrayDeque<>();
    /** Events consumed outside any execution, in the order they were consumed: they expire like an execution. */
    private final ArrayDeque<Finish> outsideConsumptions = new ArrayDeque<>();

    /** Columns of {@link #completed}: one row per completed top-level execution, in the order they completed. */
    private static final int ID = 0, IDENTITY = 1, START_LSN = 2, FINISH_LSN = 3, FINISHED_AT = 4;

    private final HashedRowRing completed = new HashedRowRing(5, ID, IDENTITY);
    /** Columns of {@link #completedEvents}: the events completed executions consumed, in the same order. */
    private static final int EVENT = 0, CONSUMED_AT = 1, CONSUMER = 2, SENT_LSN = 3;

    private final HashedRowRing completedEvents = new HashedRowRing(4, EVENT);
    /** The lsn of each event held on the heap (pending, or consumed by an execution held in full). */
    private final Map<String, Long> eventLsn = new HashMap<>();
    /** The lsn of the last record applied: the index is exactly every record up to it. */
    private long appliedLsn;
    /** Records applied to this index since it was made (what a start-up read, plus what was appended since). */
    private long recordsApplied;

    /** @return the records applied to this index since it was made */
    synchronized long recordsApplied() {
        return recordsApplied;
    }
    /** Reads a record back by its lsn ({@code null} when compaction dropped it); set once the journal is open. */
    private volatile LongFunction<JournalRecord> reader = lsn -> null;

    /** Where the index reads completed executions back from: the open journal. */
    void readRecordsWith(LongFunction<JournalRecord> reader) {
        this.reader = reader;
    }

    /** @return where the index reads completed executions back from (for tests that count the reads) */
    LongFunction<JournalRecord> recordReader() {
        return reader;
    }

    /** Who consumed an event, and when. */
    private record Consumption(String executionId, long atMillis) {}

    /** Something that finished at a moment: an execution (by id) or an event consumed outside one (by event id). */
    private record Finish(String id, long atMillis) {}

    /**
     * An execution's identity: its application ({@link ApplicationName}), durable name and key. Two
     * applications of one JVM that define the same durable method never share an execution.
     */
    static String identity(String application, String durableName, String key) {
        return application + '\u0000' + durableName + '\u0000' + key;
    }

    /**
     * Applies one record, in journal order.
     *
     * @param record the record
     * @param lsn its lsn in the journal, or 0 when unknown (the execution it finishes is then kept in full)
     */
    synchronized void apply(JournalRecord record, long lsn) {
        recordsApplied++;
        if (lsn > 0) {
            appliedLsn = lsn;
        }
        if (record instanceof EventSent e) {
            long seq = completedEvents.find(EVENT, KeyHash.of(e.eventId()));
            if (lsn > 0 && seq >= 0 && completedEvents.get(seq, SENT_LSN) == lsn) {
                return; // re-read after a checkpoint: its consumer completed, and the checkpoint holds that
            }
            eventIds.add(e.eventId());
            pendingEvents.put(e.eventId(), e);
            if (lsn > 0) {
                eventLsn.put(e.eventId(), lsn);
            }
        } else if (record instanceof EventConsumed c && c.eventId() != null) {
            pendingEvents.remove(c.eventId());
            if (c.executionId() != null && !byId.containsKey(c.executionId())) {
                return; // re-read after a checkpoint: a completed execution's, which the checkpoint holds
            }
            if (c.executionId() == null) {
                eventLsn.remove(c.eventId()); // kept by the checkpoint as an outside consumption
            }
            consumed.put(c.eventId(), new Consumption(c.executionId(), c.atMillis()));
            if (c.executionId() == null) {
                outsideConsumptions.add(new Finish(c.eventId(), c.atMillis()));
            } else {
                ExecutionRecord consumer = byId.get(c.executionId());
                if (consumer != null) {
                    consumer.consumedEvents().add(c.eventId());
                }
            }
        }
        if (record.executionId() == null || (record instanceof ExecutionStep step && step.position() < 0)) {
            return; // an event sent, or consumed, outside of any execution
        }
        if (record instanceof ExecutionDeleted d) {
            // an operator deleted a finished execution: it no longer answers its key, and nothing resumes it
            ExecutionRecord r = byId.get(d.executionId());
            if (r != null) {
                forget(r);
            } else {
                long seq = completed.find(ID, KeyHash.of(d.executionId()));
                if (seq >= 0) {
                    completed.clear(seq); // its consumed events go with it: their consumer is no longer live
                }
            }
            String top = ExecutionIds.topLevel(d.executionId());
            deleted.put(top, d.atMillis());
            deletionOrder.add(new Finish(top, d.atMillis()));
            return;
        }
        if (record instanceof ExecutionStarted s) {
            if (byId.containsKey(s.executionId())) {
                return; // applied already
            }
            long done = s.parentId() == null ? completed.find(ID, KeyHash.of(s.executionId())) : -1;
            if (lsn > 0 && done >= 0 && completed.get(done, START_LSN) == lsn) {
                return; // re-read after a checkpoint: it completed, and the checkpoint holds its row
            }
            ExecutionRecord r = new ExecutionRecord(s);
            r.startLsn = lsn;
            byId.put(s.executionId(), r);
            if (s.parentId() == null) {
                byIdentity.put(identity(s.application(), s.durableName(), s.key()), r);
            } else {
                ExecutionRecord top = byId.get(ExecutionIds.topLevel(s.executionId()));
                if (top != null) {
                    top.descendants().add(s.executionId()); // forgotten with it
                }
                progressed(s.parentId()); // a child started: its parent moved on
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
            progressed(r);
        } else if (record instanceof AttemptFailed a) {
            r.attempts.put(a.position(), a);
            progressed(r);
        } else if (record instanceof EffectRecorded e) {
            if (!r.isFinished()) {
                r.effects.computeIfAbsent(e.position(), p -> new ArrayList<>()).add(e);
            }
            progressed(r);
        } else if (record instanceof ExecutionFinished f) {
            r.finished = f; // also on a retired record: whoever holds it sees it finished
            r.state = f.state();
            if (f.state() == ExecutionState.COMPLETED && r.isTopLevel() && r.startLsn > 0 && lsn > 0) {
                retire(r, lsn, f.finishedAtMillis());
                return;
            }
            if (r.isTopLevel()) {
                finishOrder.add(new Finish(r.id(), f.finishedAtMillis())); // children go with their top-level
            }
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
                r.crashesWithoutProgress = 0;
            }
        } else if (record instanceof ExecutionCrashed) {
            ExecutionRecord top = r.isTopLevel() ? r : byId.get(ExecutionIds.topLevel(r.id()));
            if (top != null) {
                top.crashesWithoutProgress++; // poison counts crashes only, never a restart as such
            }
        } else if (record instanceof ExecutionDiverged) {
            r.state = ExecutionState.DIVERGED;
            progressed(r);
        }
    }

    /** Progress by {@code r}: its top-level execution's crashes no longer count in a row. */
    private void progressed(ExecutionRecord r) {
        if (r.isTopLevel()) {
            r.crashesWithoutProgress = 0;
        } else {
            progressed(r.id());
        }
    }

    /** Progress by the execution, child or branch {@code id}: as {@link #progressed(ExecutionRecord)}. */
    private void progressed(String id) {
        ExecutionRecord top = byId.get(ExecutionIds.topLevel(id));
        if (top != null) {
            top.crashesWithoutProgress = 0;
        }
    }

    /**
     * A top-level execution completed: from now on it is a row of {@link #completed}, its consumed events rows of
     * {@link #completedEvents}; its children and steps leave the heap.
     */
    private void retire(ExecutionRecord r, long finishLsn, long finishedAt) {
        remove(r);
        if (r.hasDescendants()) {
            for (String child : r.descendants()) {
                byId.remove(child);
            }
        }
        long seq = completed.add(
                KeyHash.of(r.id()),
                KeyHash.of(identity(r.started.application(), r.started.durableName(), r.started.key())),
                r.startLsn,
                finishLsn,
                finishedAt);
        if (r.hasConsumedEvents()) {
            for (String eventId : r.consumedEvents()) {
                Long sent = eventLsn.remove(eventId);
                completedEvents.add(KeyHash.of(eventId), finishedAt, seq, sent == null ? 0 : sent);
            }
        }
    }

    /** A record of one of {@code owner}'s branches: kept with the owner, for its replay. */
    private void applyToBranch(ExecutionRecord owner, JournalRecord record) {
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
        progressed(owner);
    }

    /**
     * Forgets an execution with its children and the events it consumed: deleted by an operator, or expired by
     * retention. Nothing resumes it or answers its key any more; compaction then drops its records.
     */
    private void forget(ExecutionRecord r) {
        String topId = ExecutionIds.topLevel(r.id());
        ExecutionRecord top = topId.equals(r.id()) ? r : byId.get(topId);
        if (top == null) {
            top = r;
        }
        remove(top);
        if (top.hasDescendants()) {
            for (String child : top.descendants()) {
                ExecutionRecord c = byId.get(child);
                if (c != null) {
                    remove(c);
                }
            }
        }
    }

    private void remove(ExecutionRecord r) {
        byId.remove(r.id());
        if (r.isTopLevel()) {
            byIdentity.remove(identity(r.started.application(), r.started.durableName(), r.started.key()), r);
        }
        if (r.hasConsumedEvents()) {
            for (String eventId : r.consumedEvents()) {
                consumed.remove(eventId);
                eventIds.remove(eventId);
                eventLsn.remove(eventId);
            }
        }
    }

    /**
     * Forgets the top-level executions (with their children) that finished before {@code millis}, and the events
     * consumed outside any execution before it: retention expired them. An explicit key no longer answers with a
     * forgotten execution's outcome; a call with it starts a new execution.
     *
     * @param millis the finish time (wall clock) before which finished executions are forgotten
     * @return how many executions were forgotten
     */
    synchronized int forgetFinishedBefore(long millis) {
        int forgotten = 0;
        Finish f;
        while ((f = finishOrder.peek()) != null) {
            ExecutionRecord r = byId.get(f.id());
            if (r == null || !r.isFinished() || r.finished == null || r.finished.finishedAtMillis() != f.atMillis()) {
                finishOrder.poll(); // deleted, retried, or finished again later (queued again then)
                continue;
            }
            if (f.atMillis() >= millis) {
                break; // finish times are taken from one clock, in journal order: the rest are younger
            }
            finishOrder.poll();
            forget(r);
            forgotten++;
        }
        while (completed.size() > 0 && completed.get(completed.oldest(), FINISHED_AT) < millis) {
            if (completed.isLive(completed.oldest())) {
                forgotten++;
            }
            completed.removeOldest();
        }
        while (completedEvents.size() > 0 && completedEvents.get(completedEvents.oldest(), CONSUMED_AT) < millis) {
            completedEvents.removeOldest();
        }
        while ((f = deletionOrder.peek()) != null && f.atMillis() < millis) {
            deletionOrder.poll();
            deleted.remove(f.id(), f.atMillis());
        }
        while ((f = outsideConsumptions.peek()) != null && f.atMillis() < millis) {
            outsideConsumptions.poll();
            Consumption c = consumed.get(f.id());
            if (c != null && c.executionId() == null) {
                consumed.remove(f.id());
                eventIds.remove(f.id());
            }
        }
        return forgotten;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A child execution, finished or not, stands where its top-level execution stands while that one is
     * unfinished: the parent's replay reads the child's outcome.
     */
    @Override
    public synchronized ExecutionStatus of(String executionId) {
        ExecutionRecord r = byId.get(executionId);
        if (r == null) {
            long seq = completed.find(ID, KeyHash.of(ExecutionIds.topLevel(executionId)));
            if (seq >= 0) {
                return ExecutionStatus.finished(completed.get(seq, FINISHED_AT)); // its children go with it
            }
            return deleted.containsKey(ExecutionIds.topLevel(executionId))
                    ? ExecutionStatus.DELETED
                    : ExecutionStatus.UNKNOWN;
        }
        if (!r.isTopLevel()) {
            ExecutionRecord top = byId.get(ExecutionIds.topLevel(executionId));
            if (top != null && !top.isFinished()) {
                return ExecutionStatus.UNFINISHED;
            }
        }
        if (!r.isFinished() || r.finished == null) {
            return ExecutionStatus.UNFINISHED;
        }
        return ExecutionStatus.finished(r.finished.finishedAtMillis());
    }

    /**
     * {@inheritDoc}
     *
     * <p>An event consumed by code outside any execution is kept until {@code retention} after it was consumed, as
     * if a finished execution had consumed it.
     */
    @Override
    public synchronized ExecutionStatus consumerOf(String eventId) {
        Consumption c = consumed.get(eventId);
        if (c == null) {
            long seq = completedConsumption(eventId);
            if (seq >= 0) {
                return ExecutionStatus.finished(completedEvents.get(seq, CONSUMED_AT));
            }
            // not consumed yet (still waiting for its consumer), or consumed and forgotten with its consumer
            return eventIds.contains(eventId) ? ExecutionStatus.UNFINISHED : ExecutionStatus.UNKNOWN;
        }
        if (c.executionId() == null) {
            return ExecutionStatus.finished(c.atMillis());
        }
        return of(c.executionId());
    }

    /** @return the row of the consumption of {@code eventId} by a live completed execution, or -1 */
    private long completedConsumption(String eventId) {
        long seq = completedEvents.find(EVENT, KeyHash.of(eventId));
        return seq >= 0 && completed.isLive(completedEvents.get(seq, CONSUMER)) ? seq : -1;
    }

    /** @return how many executions the index answers for: those held in full and the completed top-level ones */
    synchronized int size() {
        return byId.size() + completed.size();
    }

    /** @return how many executions (top-level and children) the index holds in full, on the heap */
    synchronized int heldInFull() {
        return byId.size();
    }

    /**
     * @param id an execution id
     * @return the execution, or {@code null} if the index does not know it (a completed one is read back from the
     *     journal: its start and its end, with no steps)
     */
    ExecutionRecord get(String id) {
        long seq;
        long startLsn;
        long finishLsn;
        synchronized (this) {
            ExecutionRecord r = byId.get(id);
            if (r != null) {
                return r;
            }
            seq = completed.find(ID, KeyHash.of(id));
            if (seq < 0) {
                return null;
            }
            startLsn = completed.get(seq, START_LSN);
            finishLsn = completed.get(seq, FINISH_LSN);
        }
        ExecutionRecord r = readBack(startLsn, finishLsn);
        return r != null && r.id().equals(id) ? r : null;
    }

    /**
     * @param identity an execution's identity ({@link #identity})
     * @return the newest top-level execution with that identity, or {@code null}
     */
    ExecutionRecord latest(String identity) {
        long startLsn;
        long finishLsn;
        synchronized (this) {
            ExecutionRecord r = byIdentity.get(identity);
            if (r != null) {
                return r; // started after any completed one of the identity: starting replaced it here
            }
            long seq = completed.find(IDENTITY, KeyHash.of(identity));
            if (seq < 0) {
                return null;
            }
            startLsn = completed.get(seq, START_LSN);
            finishLsn = completed.get(seq, FINISH_LSN);
        }
        ExecutionRecord r = readBack(startLsn, finishLsn);
        return r != null
                        && identity(r.started.application(), r.started.durableName(), r.started.key())
                                .equals(identity)
                ? r
                : null;
    }

    /**
     * The newest top-level execution with that identity that the index holds in full: unfinished, failed or
     * diverged. A completed one, which the index keeps only as a row, is not looked for: for a caller that would
     * start a new execution over a completed one anyway, reading it back from the journal would cost a read (and,
     * with {@code durability=async}, a write of the record if it is still buffered) at every call.
     *
     * @param identity an execution's identity ({@link #identity})
     * @return the execution, or {@code null}
     */
    synchronized ExecutionRecord latestHeld(String identity) {
        return byIdentity.get(identity);
    }

    /**
     * A completed execution as the journal holds it, read outside the index's lock (the journal may wait for the
     * record's write).
     *
     * @return the execution, or {@code null} if compaction dropped its records meanwhile
     */
    private ExecutionRecord readBack(long startLsn, long finishLsn) {
        LongFunction<JournalRecord> read = reader;
        if (!(read.apply(startLsn) instanceof ExecutionStarted s)
                || !(read.apply(finishLsn) instanceof ExecutionFinished f)
                || !f.executionId().equals(s.executionId())) {
            return null;
        }
        ExecutionRecord r = new ExecutionRecord(s);
        r.startLsn = startLsn;
        r.finished = f;
        r.state = f.state();
        return r;
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

    /**
     * What {@link IndexCheckpoint} writes: the completed executions' rows, the deletions and outside consumptions
     * retention still keeps, and the lsn from which a scan rebuilds the rest (what is held in full: unfinished and
     * failed executions, pending events).
     */
    record Snapshot(
            long appliedLsn,
            long scanFrom,
            HashedRowRing completed,
            HashedRowRing completedEvents,
            Map<String, Long> deleted,
            List<String[]> outsideConsumptions) {}

    /** @return the lsn of the last record applied */
    synchronized long appliedLsn() {
        return appliedLsn;
    }

    /** A copy of what a checkpoint needs, taken under the lock (the rings' arrays are copied, not written, here). */
    synchronized Snapshot snapshot() {
        long scanFrom = appliedLsn + 1;
        for (ExecutionRecord r : byId.values()) {
            if (r.startLsn > 0) {
                scanFrom = Math.min(scanFrom, r.startLsn);
            } else {
                scanFrom = 1; // applied without its lsn: only a whole scan rebuilds it
            }
        }
        for (String eventId : pendingEvents.keySet()) {
            scanFrom = Math.min(scanFrom, eventLsn.getOrDefault(eventId, 1L));
        }
        for (Map.Entry<String, Consumption> c : consumed.entrySet()) {
            if (c.getValue().executionId() != null) {
                scanFrom = Math.min(scanFrom, eventLsn.getOrDefault(c.getKey(), 1L));
            }
        }
        List<String[]> outside = new ArrayList<>();
        for (Finish f : outsideConsumptions) {
            Consumption c = consumed.get(f.id());
            if (c != null && c.executionId() == null) {
                outside.add(new String[] {f.id(), Long.toString(f.atMillis())});
            }
        }
        return new Snapshot(
                appliedLsn, scanFrom, completed.copy(), completedEvents.copy(), new HashMap<>(deleted), outside);
    }

    /**
     * Takes over a checkpoint's content; the index must be new. The records from {@link Snapshot#scanFrom} on are
     * then applied again as usual: those of completed executions and their events are recognised by their lsns and
     * skipped.
     */
    synchronized void restore(IndexCheckpoint.Content content) throws java.io.IOException {
        content.readCompleted(completed);
        content.readCompletedEvents(completedEvents);
        List<Finish> deletions = new ArrayList<>();
        for (Map.Entry<String, Long> d : content.deleted().entrySet()) {
            deleted.put(d.getKey(), d.getValue());
            deletions.add(new Finish(d.getKey(), d.getValue()));
        }
        deletions.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis())); // forgotten oldest first
        deletionOrder.addAll(deletions);
        for (String[] o : content.outsideConsumptions()) {
            long at = Long.parseLong(o[1]);
            eventIds.add(o[0]);
            consumed.put(o[0], new Consumption(null, at));
            outsideConsumptions.add(new Finish(o[0], at));
        }
        appliedLsn = content.appliedLsn();
    }

    synchronized boolean hasEvent(String eventId) {
        return eventIds.contains(eventId) || completedConsumption(eventId) >= 0;
    }
}
