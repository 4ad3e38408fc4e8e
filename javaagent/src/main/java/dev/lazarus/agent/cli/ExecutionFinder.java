package dev.lazarus.agent.cli;

import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds executions in one streaming pass that holds only them: the one an id or a unique prefix of it names
 * ({@code show}, {@code retry}, {@code cancel}, {@code delete ID}), or the top-level ones with a durable name and
 * key ({@code delete --name N --key K}); with their records if asked ({@code show}: the execution's and its
 * branches'), and with their child executions if asked ({@code delete}).
 *
 * <p>A prefix is resolved in the same pass without holding the other executions: the full id wins; else the
 * executions whose id starts with the prefix are counted (a child, whose id starts with its parent's, counts only
 * if its parent does not match), and the first one is held until a second one shows that the prefix is
 * ambiguous. Deleted executions are never found ({@link OperatorActions}, read before).
 */
final class ExecutionFinder {
    /** A found execution (or one of its children): its start, its summary and, if asked, its records. */
    static final class Found {
        final ExecutionStarted started;
        final ExecutionSummary summary;
        /** Its records and its branches', in journal order; empty unless records were asked for. */
        final List<JournalRecord> records = new ArrayList<>();
        /** The execution this one was found as, or a child of: itself for a match. */
        final Found root;

        Found(ExecutionStarted started, Found root) {
            this.started = started;
            this.summary = new ExecutionSummary(started);
            this.root = root == null ? this : root;
        }

        String id() {
            return summary.id;
        }
    }

    private final String prefix;
    private final String name;
    private final String key;
    private final boolean withRecords;
    private final boolean withChildren;
    private final OperatorActions actions;
    /** What the pass holds: the matches so far and, if asked, their children. */
    private final Map<String, Found> held = new LinkedHashMap<>();

    private Found exact;
    private Found firstPrefixMatch;
    private int prefixMatches;
    private int mostHeld;

    private ExecutionFinder(
            String prefix,
            String name,
            String key,
            boolean withRecords,
            boolean withChildren,
            OperatorActions actions) {
        this.prefix = prefix;
        this.name = name;
        this.key = key;
        this.withRecords = withRecords;
        this.withChildren = withChildren;
        this.actions = actions;
    }

    /**
     * @param id a full execution id or a prefix of one
     * @param withRecords whether to keep the execution's records (and its branches')
     * @param withChildren whether to find its child executions too
     * @param actions what operators did, read before
     */
    static ExecutionFinder byId(String id, boolean withRecords, boolean withChildren, OperatorActions actions) {
        return new ExecutionFinder(id, null, null, withRecords, withChildren, actions);
    }

    /**
     * @param durableName the durable name, exactly
     * @param key the execution key, exactly
     * @param actions what operators did, read before
     * @return a finder of every top-level execution with that name and key, and their children
     */
    static ExecutionFinder byIdentity(String durableName, String key, OperatorActions actions) {
        return new ExecutionFinder(null, durableName, key, false, true, actions);
    }

    /** Runs the pass over a journal, up to the last record the first pass saw. */
    ExecutionFinder scan(Path journal) throws CliException {
        JournalScan.scan(journal, actions.lastLsn(), this::visit);
        return this;
    }

    /** Takes in one record, in lsn order. */
    void visit(long lsn, byte type, byte[] payload) {
        JournalRecord r = RecordCodec.decode(type, payload);
        String id = r.executionId();
        if (id == null || r instanceof ExecutionStep step && step.position() < 0) {
            return; // an event sent or consumed outside of any execution
        }
        if (r instanceof ExecutionStarted s) {
            started(s);
            return;
        }
        String owner = BranchIds.owner(id);
        Found f = held.get(owner == null ? id : owner);
        if (f != null) {
            f.summary.add(r);
            if (withRecords) {
                f.records.add(r);
            }
        }
    }

    private void started(ExecutionStarted s) {
        String id = s.executionId();
        if (actions.deleted(id)) {
            return;
        }
        Found parent = s.parentId() == null ? null : held.get(s.parentId());
        if (withChildren && parent != null) {
            hold(s, parent.root);
            return;
        }
        if (prefix == null) {
            if (s.parentId() == null && s.durableName().equals(name) && s.key().equals(key)) {
                hold(s, null);
            }
        } else if (id.equals(prefix)) {
            exact = hold(s, null);
            if (firstPrefixMatch != null) {
                release(firstPrefixMatch); // the full id wins over an id it is a prefix of
                firstPrefixMatch = null;
            }
        } else if (exact == null
                && id.startsWith(prefix)
                && (s.parentId() == null || !s.parentId().startsWith(prefix))) {
            prefixMatches++;
            if (prefixMatches == 1) {
                firstPrefixMatch = hold(s, null);
            } else if (firstPrefixMatch != null) {
                release(firstPrefixMatch); // ambiguous: nothing of either is needed
                firstPrefixMatch = null;
            }
        }
    }

    private Found hold(ExecutionStarted s, Found root) {
        Found f = new Found(s, root);
        f.summary.pending = actions.pending(s.executionId());
        held.put(s.executionId(), f);
        mostHeld = Math.max(mostHeld, held.size());
        return f;
    }

    private void release(Found match) {
        held.values().removeIf(f -> f.root == match);
    }

    /**
     * @return the execution the id names
     * @throws CliException if none does, or the prefix names several
     */
    Found one() throws CliException {
        if (exact != null) {
            return exact;
        }
        if (prefixMatches == 1) {
            return firstPrefixMatch;
        }
        throw new CliException(
                prefixMatches == 0
                        ? "no execution " + prefix + " in this journal (see 'list')"
                        : "'" + prefix + "' matches " + prefixMatches + " executions; give more of the id");
    }

    /**
     * @param match what {@link #one()} answered
     * @return it and, if asked for, its children (and theirs), in start order
     */
    List<Found> family(Found match) {
        List<Found> family = new ArrayList<>();
        for (Found f : held.values()) {
            if (f.root == match) {
                family.add(f);
            }
        }
        return family;
    }

    /** @return every execution found: the matches, and their children if asked for, in start order */
    List<Found> all() {
        return new ArrayList<>(held.values());
    }

    /** @return the most executions the pass held at once: what its memory grew with (tests check it) */
    int mostHeld() {
        return mostHeld;
    }
}
