package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.config.Durations;
import dev.lazarus.agent.internal.retention.CompactionDaemon;
import dev.lazarus.agent.internal.retention.CompactionPlanner;
import dev.lazarus.agent.internal.retention.JournalStatuses;
import dev.lazarus.store.log.CompactionResult;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLockedException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.SegmentInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.helpers.NOPLogger;

/**
 * {@code compact --journal DIR [--retention D]}: what a running application does in the background, for a journal
 * no application holds — removes the records of executions finished longer than the retention ago (the agent's
 * {@code retention} option, {@code 7d} unless given; give the application's own) and of deleted executions, by
 * rewriting its sealed segments (the newest one, where the next process appends, is left as it is).
 *
 * <p>It takes the journal's lock, so an application cannot start on the journal while it runs, and refuses a
 * journal an application holds (LAZ-103): that application compacts it itself. Each rewrite is crash-safe: a
 * kill at any moment leaves the journal as it was or compacted, never half.
 */
final class CompactCommand implements Command {
    /** The agent's default: what an application that did not set {@code retention=} keeps. */
    private static final String DEFAULT_RETENTION = AgentConfig.DEFAULT_RETENTION;

    @Override
    public String name() {
        return "compact";
    }

    @Override
    public String usage() {
        return "--journal DIR [--retention " + DEFAULT_RETENTION + "]   remove what retention expired and what was"
                + " deleted from a journal no application holds";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "retention");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        args.exactly();
        String keep = args.option("retention") == null ? DEFAULT_RETENTION : args.option("retention");
        long retentionMillis;
        try {
            retentionMillis = Durations.millis(keep);
        } catch (IllegalArgumentException e) {
            throw new CliException("--retention " + keep + ": " + e.getMessage());
        }
        if (JournalScan.segments(journal).isEmpty()) {
            // checked before opening: opening would create a journal at a mistyped path
            throw new CliException("no journal at " + journal + ": it holds no segment-NNNNNNNNNN.log file");
        }
        JournalStatuses statuses = new JournalStatuses();
        JournalLog log;
        try {
            log = JournalLog.open(journal, LogOptions.defaults(), statuses.visitor());
        } catch (JournalLockedException running) {
            throw new CliException(
                    running.getMessage() + " (a running application compacts its journal itself, in the background)");
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
        try (log) {
            long before = bytes(log.segments());
            int segmentsBefore = log.segments().size();
            CompactionDaemon compaction = new CompactionDaemon(
                    log,
                    statuses,
                    millis -> {}, // the statuses judge by finish time: nothing to forget ahead of a pass
                    retentionMillis,
                    System::currentTimeMillis,
                    new CompactionPlanner(1),
                    before + 1, // offline, one read of the whole journal weighs it: the longest prefix worth it goes
                    NOPLogger.NOP_LOGGER);
            List<CompactionResult> passes = compaction.passUntilNothingToDo(Integer.MAX_VALUE);
            long dropped =
                    passes.stream().mapToLong(CompactionResult::recordsDropped).sum();
            long after = bytes(log.segments());
            out.printf(
                    "compacted %s: %d pass(es), %d record(s) removed, %d -> %d bytes, %d -> %d segment(s)%n",
                    journal,
                    passes.size(),
                    dropped,
                    before,
                    after,
                    segmentsBefore,
                    log.segments().size());
            return 0;
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static long bytes(List<SegmentInfo> segments) {
        return segments.stream().mapToLong(SegmentInfo::bytes).sum();
    }
}
