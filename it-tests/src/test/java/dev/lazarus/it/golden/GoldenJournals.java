package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the committed golden journals are and how the tests use them. Layout, under {@code it.golden.dir}
 * ({@code src/test/resources/golden}): {@code <format>/<scenario>/journal/} holds the journal's segment files as
 * the agent of that format wrote them, {@code <format>/<scenario>/ledger.txt} what the outside world had seen
 * when that journal was written, if a test needs it. A scenario is named by its path, {@code v1/basics}. The
 * committed files are only ever read; a test that runs an application on a golden journal runs it on a
 * {@link #copy}.
 */
final class GoldenJournals {
    /** Format v1 (record types 1 to 10): finished executions and executions stopped at known calls, by one process. */
    static final String BASICS = "v1/basics";
    /** Format v1: recovery, divergence, a retry and an event from the command line, by two processes. */
    static final String HISTORY = "v1/history";
    /**
     * Format v2 (record types 1 to 12): HTTP exchanges journaled where they happen, in a body and inside
     * journaled calls, and an execution stopped inside such a call after its first exchange.
     */
    static final String EFFECTS = "v2/effects";
    /**
     * Format v2: work a durable body hands to other threads, journaled under branch ids
     * ({@code <execution>~<n>}, {@code ~<n>.<i>}) with no start record of their own, and an execution stopped in
     * a fan-out after some of its branches journaled their calls.
     */
    static final String BRANCHES = "v2/branches";
    /**
     * Format v3 (segment format 2, record types 1 to 14): the oldest segments compacted by the agent's background
     * compaction; an execution the process died in while it ran its own code ({@code execution-crashed}), a
     * finished one deleted from the command line ({@code execution-deleted}) and one retention expired, whose
     * records the compaction dropped, and executions left unfinished in a call, in their own code and in a wait.
     */
    static final String LIFECYCLE = "v3/lifecycle";
    /** Every scenario of every format: a newer agent reads them all. */
    static final List<String> SCENARIOS = List.of(BASICS, HISTORY, EFFECTS, BRANCHES, LIFECYCLE);

    /**
     * The retention option of a process that resumes a copy of a golden journal: longer than any golden journal
     * will ever be old. Their finished executions finished when the journal was written, and under the default
     * retention (7 days) the agent's background compaction would forget them once its first pass runs (a minute
     * into the process), after which their explicit keys no longer answer from the journal; the tests must not
     * depend on how old the committed journals are, nor on how long a process takes.
     */
    static final String KEEP_FINISHED = "retention=36500d";

    private GoldenJournals() {}

    /** @return {@code <it.golden.dir>/<scenario>} */
    static Path scenario(String scenario) {
        String dir = System.getProperty("it.golden.dir");
        if (dir == null || dir.isBlank() || dir.startsWith("${")) {
            fail("System property it.golden.dir is not set; run these tests through Maven (see it-tests/pom.xml)");
        }
        return Paths.get(dir, scenario);
    }

    /** @return the committed journal directory of a scenario */
    static Path journal(String scenario) {
        return scenario(scenario).resolve("journal");
    }

    /** @return the committed ledger of a scenario */
    static Path ledger(String scenario) {
        return scenario(scenario).resolve("ledger.txt");
    }

    /** @return every record of a journal in log order, decoded through the store's record schema */
    static List<JournalRecord> records(Path journal) {
        List<JournalRecord> out = new ArrayList<>();
        JournalLog.scan(journal, (lsn, type, payload) -> out.add(RecordCodec.decode(type, payload)));
        return out;
    }

    /**
     * A segment file's header, read as {@code dev.lazarus.store.log.SegmentFormat} lays it out (big-endian: magic,
     * version at 4, number at 8, first lsn at 16, flags at 24 with bit 0 for a compacted segment, and in version
     * 2 the covered-through lsn at 32).
     *
     * @param file the segment file
     * @param version its format version
     * @param number the segment number its header names
     * @param firstLsn the first lsn it covers
     * @param compacted whether it is a compaction's output
     * @param coveredThrough for a compacted segment the last lsn of the range it replaced, else 0
     */
    record SegmentFile(Path file, int version, long number, long firstLsn, boolean compacted, long coveredThrough) {}

    /** @return the headers of a journal's segment files, in file-name (hence log) order */
    static List<SegmentFile> segments(Path journal) {
        try (Stream<Path> files = Files.list(journal)) {
            List<SegmentFile> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().matches("segment-\\d{10}\\.log"))
                    .sorted()
                    .toList()) {
                ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(f));
                int version = h.getInt(4);
                boolean compacted = (h.getInt(24) & 1) != 0;
                out.add(new SegmentFile(
                        f, version, h.getLong(8), h.getLong(16), compacted, version >= 2 ? h.getLong(32) : 0));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the records that start an execution */
    static List<ExecutionStarted> starts(List<JournalRecord> records) {
        return records.stream()
                .filter(ExecutionStarted.class::isInstance)
                .map(ExecutionStarted.class::cast)
                .toList();
    }

    /**
     * Copies a scenario's journal (and ledger, if it has one) to {@code target}/journal and
     * {@code target}/ledger.txt, owner-only as the agent wants a journal it trusts.
     *
     * @return the copied journal directory
     */
    static Path copy(String scenario, Path target) {
        Path journal = target.resolve("journal");
        try {
            Files.createDirectories(
                    journal, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (Stream<Path> files = Files.list(journal(scenario))) {
                for (Path f : files.toList()) {
                    Path to = journal.resolve(f.getFileName().toString());
                    Files.copy(f, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
                }
            }
            if (Files.exists(ledger(scenario))) {
                Files.copy(ledger(scenario), target.resolve("ledger.txt"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(Files.isDirectory(journal));
        return journal;
    }
}
