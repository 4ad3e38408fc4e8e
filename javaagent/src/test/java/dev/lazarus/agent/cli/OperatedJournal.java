package dev.lazarus.agent.cli;

import static dev.lazarus.agent.cli.TestJournal.await;
import static dev.lazarus.agent.cli.TestJournal.consumed;
import static dev.lazarus.agent.cli.TestJournal.deleted;
import static dev.lazarus.agent.cli.TestJournal.diverged;
import static dev.lazarus.agent.cli.TestJournal.finished;
import static dev.lazarus.agent.cli.TestJournal.outsideEvent;
import static dev.lazarus.agent.cli.TestJournal.retried;
import static dev.lazarus.agent.cli.TestJournal.sleep;
import static dev.lazarus.agent.cli.TestJournal.started;
import static dev.lazarus.agent.cli.TestJournal.step;

import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.ExecutionState;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A journal with every way an execution's fate is decided after its start: executions that finish, one that a
 * later retry makes unfinished again, one deleted long after it finished, one with branches and a child, one
 * that consumed an event sent from outside, and unfinished ones that wait, sleep or diverged. The expected
 * listing and byte counts are kept beside it as the journal is written.
 */
final class OperatedJournal {
    static final long DAY = Duration.ofDays(1).toMillis();

    final Path dir;
    final long now = System.currentTimeMillis();
    /** Frame bytes of "a" (finished ten days ago) and of the outside event it consumed. */
    long expiredBytes;
    /** Frame bytes of "d" and of the record that deleted it. */
    long deletedBytes;

    OperatedJournal(Path dir) {
        this.dir = dir;
        long t = now - 20 * DAY;
        try (TestJournal j = new TestJournal(dir)) {
            expiredBytes += j.append(started("a", null, "key-a", t));
            j.append(started("b", null, "key-b", t + 1));
            j.append(started("c", null, "key-c", t + 2));
            expiredBytes += j.append(outsideEvent("ev-1", "go", "key-a", t + 3));
            expiredBytes += j.append(step("a", 0), consumed("a", 1, "ev-1", t + 4));
            expiredBytes += j.append(finished("a", ExecutionState.COMPLETED, now - 10 * DAY));
            deletedBytes += j.append(started("d", null, "key-d", t + 5));
            deletedBytes += j.append(finished("d", ExecutionState.COMPLETED, now - 10 * DAY));
            j.append(await("b", 0, "approval", "key-b"));
            j.append(step("c", 0), finished("c", ExecutionState.FAILED, now - 9 * DAY));
            j.append(started("e", null, "key-e", now - 2 * DAY));
            j.append(step(BranchIds.fork("e", 0), 0));
            j.append(started("e/1", "e", "key-e1", now - 2 * DAY));
            j.append(finished("e/1", ExecutionState.COMPLETED, now - DAY));
            j.append(step(BranchIds.fork("e", 0), 1), step("e", 2));
            j.append(finished("e", ExecutionState.COMPLETED, now - DAY));
            j.append(started("f", null, "key-f", now - DAY));
            j.append(sleep("f", 0, now + DAY));
            j.append(started("g", null, "key-g", now - DAY));
            j.append(diverged("g", now - DAY));
            deletedBytes += j.append(deleted("d", now - 3 * DAY));
            j.append(retried("c", now - 2 * DAY));
            j.append(step("c", 1));
            j.append(outsideEvent("ev-2", "go", "nobody", now)); // pending: lives on
        }
    }

    /** What {@code list} shows, in its order: finished ones as they finished, then the unfinished as they started. */
    static final String[][] LISTED = {
        // id, state, steps
        {"a", "COMPLETED", "2"},
        {"e/1", "COMPLETED", "0"},
        {"e", "COMPLETED", "3"},
        {"b", "WAITING", "0"},
        {"c", "RUNNING", "2"},
        {"f", "WAITING", "1"},
        {"g", "DIVERGED", "0"},
    };
}
