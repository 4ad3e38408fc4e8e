package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** Every scenario of every format: a newer agent reads them all. */
    static final List<String> SCENARIOS = List.of(BASICS, HISTORY, EFFECTS, BRANCHES);

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
