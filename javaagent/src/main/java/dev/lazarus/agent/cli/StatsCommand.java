package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.config.Durations;
import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.store.log.RecoveryReport;
import dev.lazarus.store.record.ExecutionState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code stats --journal DIR [--retention D] [--json]}: what a journal holds and what compaction could free —
 * size on disk, segments, executions by state, the oldest unfinished execution, and the bytes of records that are
 * dead: those of executions finished longer than the retention ago (the agent's {@code retention} option,
 * {@code 7d} unless given) and those of deleted executions. One streaming pass ({@link JournalStream}) after the
 * first pass that reads what operators did, holding only the executions open at each point of the journal.
 */
final class StatsCommand implements Command {
    /** The agent's default: what an application that did not set {@code retention=} keeps. */
    private static final String DEFAULT_RETENTION = AgentConfig.DEFAULT_RETENTION;

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String usage() {
        return "--journal DIR [--retention " + DEFAULT_RETENTION + "] [--json]   size, segments, executions by state,"
                + " oldest unfinished, bytes reclaimable (finished longer than the retention ago, or deleted)";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "retention");
    }

    @Override
    public Set<String> switches() {
        return Set.of("json");
    }

    /** What the pass counts. */
    private static final class Counts implements JournalStream.Listener {
        final long now;
        final long retentionMillis;
        final Map<ExecutionState, Long> byState = new EnumMap<>(ExecutionState.class);
        long expiredExecutions;
        long expiredBytes;
        long deletedBytes;

        Counts(long now, long retentionMillis) {
            this.now = now;
            this.retentionMillis = retentionMillis;
            for (ExecutionState s : ExecutionState.values()) {
                byState.put(s, 0L);
            }
        }

        @Override
        public void finished(ExecutionSummary e) {
            byState.merge(e.state(), 1L, Long::sum);
            if (now - e.finishedAtMillis() > retentionMillis) {
                expiredExecutions++;
                expiredBytes += e.bytes;
            }
        }

        @Override
        public void record(int bytes, ExecutionSummary owner, boolean deleted) {
            if (deleted) {
                deletedBytes += bytes;
            }
        }
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        args.exactly();
        String retentionText = args.option("retention") == null ? DEFAULT_RETENTION : args.option("retention");
        long retentionMillis;
        try {
            retentionMillis = Durations.millis(retentionText);
        } catch (RuntimeException e) {
            throw new CliException("--retention " + retentionText + ": " + e.getMessage());
        }
        List<Path> segments = JournalScan.segments(journal);
        if (segments.isEmpty()) {
            throw new CliException("no journal at " + journal + ": it holds no segment-NNNNNNNNNN.log file");
        }
        long onDisk = bytesUnder(journal);
        long now = System.currentTimeMillis();
        OperatorActions actions = OperatorActions.read(journal);
        Counts counts = new Counts(now, retentionMillis);
        JournalStream stream = JournalStream.read(journal, actions, counts);
        ExecutionSummary oldest = null;
        for (ExecutionSummary e : stream.unfinished()) {
            counts.byState.merge(e.state(), 1L, Long::sum);
            if (oldest == null || e.startedAtMillis < oldest.startedAtMillis) {
                oldest = e;
            }
        }
        RecoveryReport report = stream.report();
        Path first = segments.get(0);
        Path last = segments.get(segments.size() - 1);
        long reclaimable = counts.expiredBytes + counts.deletedBytes;
        if (args.has("json")) {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("journal", journal.toAbsolutePath().normalize().toString());
            stats.put("bytesOnDisk", onDisk);
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("count", segments.size());
            seg.put("oldest", first.getFileName().toString());
            seg.put("oldestModifiedAt", modified(first));
            seg.put("newest", last.getFileName().toString());
            seg.put("newestModifiedAt", modified(last));
            stats.put("segments", seg);
            stats.put("records", report.records());
            stats.put("lastLsn", report.lastLsn());
            Map<String, Object> states = new LinkedHashMap<>();
            counts.byState.forEach((s, n) -> states.put(s.name(), n));
            stats.put("executions", states);
            stats.put("deletedExecutions", actions.deletedCount());
            if (oldest == null) {
                stats.put("oldestUnfinished", null);
            } else {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", oldest.id);
                o.put("name", oldest.durableName);
                o.put("state", oldest.state().name());
                o.put("startedAt", oldest.startedAtMillis);
                stats.put("oldestUnfinished", o);
            }
            stats.put("retentionMillis", retentionMillis);
            stats.put("reclaimableBytes", reclaimable);
            stats.put("expiredBytes", counts.expiredBytes);
            stats.put("expiredExecutions", counts.expiredExecutions);
            stats.put("deletedBytes", counts.deletedBytes);
            out.println(Json.write(stats));
            return 0;
        }
        long executions =
                counts.byState.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder states = new StringBuilder();
        counts.byState.forEach((s, n) -> states.append(states.length() == 0 ? "" : ", ")
                .append(n)
                .append(' ')
                .append(s));
        out.println("journal " + journal.toAbsolutePath().normalize());
        out.printf(Locale.ROOT, "  on disk:      %s%n", size(onDisk));
        out.printf(
                Locale.ROOT,
                "  segments:     %d, oldest %s (last written %s), newest %s (last written %s)%n",
                segments.size(),
                first.getFileName(),
                modified(first),
                last.getFileName(),
                modified(last));
        out.printf(
                Locale.ROOT,
                "  records:      %d%s%n",
                report.records(),
                report.records() == 0 ? "" : ", last lsn " + report.lastLsn());
        out.printf(
                Locale.ROOT,
                "  executions:   %d (%s)%s%n",
                executions,
                states,
                actions.deletedCount() == 0 ? "" : "; " + actions.deletedCount() + " deleted, not counted");
        out.println("  oldest unfinished: "
                + (oldest == null
                        ? "none"
                        : oldest.id + " " + oldest.durableName + ", " + oldest.state() + ", started "
                                + ListCommand.age(now - oldest.startedAtMillis) + " ago"));
        out.printf(
                Locale.ROOT,
                "  reclaimable:  %s: %s of %d execution(s) finished more than %s ago, %s of deleted ones;"
                        + " compaction removes them from disk%n",
                size(reclaimable),
                size(counts.expiredBytes),
                counts.expiredExecutions,
                retentionText,
                size(counts.deletedBytes));
        return 0;
    }

    /** Every file under the journal directory: segments, the inbox, the lock and anything else kept there. */
    private static long bytesUnder(Path journal) throws CliException {
        try (Stream<Path> files = Files.walk(journal)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // gone meanwhile (an inbox file taken in, a segment compacted away)
                        }
                    })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliException("cannot read " + journal + ": " + e.getMessage());
        }
    }

    private static String modified(Path file) {
        try {
            return Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis())
                    .toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
    }
}
