package dev.lazarus.it.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop with compaction running (RELIABILITY.md §1, issue 14): the loop of {@link CrashLoopTest}, but the
 * child runs with a retention of seconds and small segments, so the agent's background compaction forgets
 * finished pipelines and rewrites sealed segments all the time, and the SIGKILLs land in the middle of its passes
 * as well as anywhere else. The same invariants hold: nothing acknowledged is lost, nothing runs again beyond the
 * call in flight at a kill, {@code verify} is clean; and compaction must have happened in the run (segment files
 * gone from the journal, pipelines gone from its records), so the test fails if compaction is switched off.
 *
 * <p>The retention (3 s, a pass every 750 ms) is a couple of kill cycles: a finished pipeline a restart calls
 * again under its key usually still answers from the journal, and when retention did expire it the
 * {@link LedgerChecker} accepts the new run only if it started a retention or more after the publish. The kill
 * comes up to 2 s after {@code main} (not 0.6 s as in {@link CrashLoopTest}) so that most children live through
 * one or more compaction passes. JDK 17 only, about two minutes on two shared cores; knobs as in
 * {@link CrashLoop.Config} ({@code -Dit.crash.kills}, {@code -Dit.crash.seed}, {@code -Dit.crash.agentOptions}).
 */
@ExtendWith(ChildJvms.class)
class CompactingCrashLoopTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void nothingAcknowledgedIsLostWhileCompactionRunsUnderRandomKills(@TempDir Path dir) throws Exception {
        CrashLoop.Config config = CrashLoop.Config.fromSystemProperties();
        config.kills = Integer.getInteger("it.crash.kills", 50);
        config.killsPerJournal = config.kills;
        config.workWindowMillis = Integer.getInteger("it.crash.workWindowMillis", 2000);
        if (config.agentOptions.isEmpty()) {
            config.agentOptions = "retention=3s,segmentSize=4k";
        }
        config.dir = dir;
        CrashLoop.Result r = new CrashLoop(config, Jdk.find(17)).run();
        String summary = CrashLoopTest.report(r, "crash-loop-compacting-ci.txt");
        CrashLoopTest.assertNothingLost(config, r, summary);
        // compaction happened: segment files the journal created are gone, and so are pipelines' records
        assertTrue(r.segmentsReclaimed > 0, "no segment was ever removed\n" + summary);
        assertTrue(
                r.pipelinesInFinalJournals < r.pipelinesFinished,
                "every pipeline ever run is still in the journal\n" + summary);
    }
}
