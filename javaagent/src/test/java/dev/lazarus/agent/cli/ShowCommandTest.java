package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} on an execution whose body forked: the steps its branches journaled under their own ids are
 * shown with the execution, each labelled with its branch and keyed by it.
 */
class ShowCommandTest {
    @TempDir
    Path tmp;

    private static StepRecorded step(String executionId, int position, String value) {
        return new StepRecorded(
                executionId,
                position,
                "demo/Tools.lookup(Ljava/lang/String;)Ljava/lang/String;",
                "Agent.java:12",
                false,
                ValueCodec.create().encode(value, ShowCommandTest.class.getClassLoader()),
                1L,
                1_000L,
                1,
                0);
    }

    @Test
    void stepsOfBranchesAreShownWithTheirExecution() {
        Path dir = tmp.resolve("journal");
        String branch = BranchIds.fork("ex-1", 2);
        String element = BranchIds.element("ex-1", 3, 4);
        List<JournalRecord> records = List.of(
                new ExecutionStarted(
                        "ex-1", null, "demo#run", "k", true, "demo.Agent", "run", "()V", false, new byte[] {1}, 1L),
                step("ex-1", 0, "digest"),
                step(branch, 0, "lookup two"),
                step(element, 0, "element four"),
                step("ex-9~0", 0, "another execution's branch"));
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), (l, t, p) -> {})) {
            for (JournalRecord r : records) {
                log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
            }
        }

        SendEventCommandTest.Run run = SendEventCommandTest.run("show", "--journal", dir.toString(), "ex-1");

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("key ex-1#0"), run.out());
        assertTrue(run.out().matches("(?s).*\\n\\s*~2:0 .*lookup two.*key ex-1~2#0.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n\\s*~3\\.4:0 .*element four.*key ex-1~3\\.4#0.*"), run.out());
        assertTrue(!run.out().contains("another execution's branch"), run.out());
    }

    @Test
    void anIdPrefixIsResolvedInTheSamePass() {
        Path dir = tmp.resolve("journal");
        long t = System.currentTimeMillis();
        try (TestJournal j = new TestJournal(dir)) {
            j.append(TestJournal.started("x-long", null, "k0", t), TestJournal.started("x", null, "k1", t));
            j.append(TestJournal.started("pre-aaa1", null, "k2", t), TestJournal.started("pre-aaa2", null, "k3", t));
            j.append(TestJournal.started("pre-b", null, "k4", t), TestJournal.started("pre-b/0", "pre-b", "k5", t));
            j.append(TestJournal.started("del-1", null, "k6", t), TestJournal.started("del-2", null, "k7", t));
            j.append(TestJournal.finished("del-1", ExecutionState.COMPLETED, t), TestJournal.deleted("del-1", t));
        }
        String[][] cases = {
            // argument, the execution shown or the refusal
            {"x", "execution  x\n"},
            {"x-l", "execution  x-long\n"},
            {"pre-b", "execution  pre-b\n"},
            {"pre-b/", "execution  pre-b/0\n"},
            {"pre-a", "'pre-a' matches 2 executions"},
            {"pre-", "'pre-' matches 3 executions"}, // pre-b/0 is reached through its parent
            {"del", "execution  del-2\n"}, // del-1 is deleted
            {"del-1", "no execution del-1"},
        };
        for (String[] c : cases) {
            SendEventCommandTest.Run run = SendEventCommandTest.run("show", "--journal", dir.toString(), c[0]);
            assertTrue((run.out() + run.err()).contains(c[1]), c[0] + ": " + run.out() + run.err());
            assertEquals(c[1].startsWith("execution") ? 0 : 2, run.code(), c[0]);
        }
    }
}
