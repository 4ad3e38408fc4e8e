package dev.lazarus.agent.cli;

import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.RecordVisitor;
import dev.lazarus.store.log.RecoveryReport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line's one way to read a journal: the store's read-only scan (no lock, no writes, so it works on
 * the journal of a running application), stopped at a chosen lsn so that two passes over a journal an
 * application is appending to see the same records, with the store's failures turned into one line.
 */
final class JournalScan {
    private static final Pattern SEGMENT = Pattern.compile("segment-\\d{10}\\.log");

    /** Reads every record there is. */
    static final long EVERYTHING = Long.MAX_VALUE;

    private JournalScan() {}

    /**
     * @param journal the journal directory
     * @param throughLsn the last lsn handed to the visitor (records appended after the first pass are left for
     *     the next command)
     * @param visitor receives the records in lsn order
     * @return what the scan found
     * @throws CliException if there is no journal there, or it cannot be read
     */
    static RecoveryReport scan(Path journal, long throughLsn, RecordVisitor visitor) throws CliException {
        requireJournal(journal);
        try {
            return JournalLog.scan(journal, (lsn, type, payload) -> {
                if (lsn <= throughLsn) {
                    visitor.visit(lsn, type, payload);
                }
            });
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** @throws CliException if {@code journal} is not a directory */
    static void requireJournal(Path journal) throws CliException {
        if (!Files.isDirectory(journal)) {
            throw new CliException("no journal at " + journal);
        }
    }

    /**
     * @param journal the journal directory
     * @return its segment files, oldest first
     * @throws CliException if it is not a directory or cannot be listed
     */
    static List<Path> segments(Path journal) throws CliException {
        requireJournal(journal);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(journal)) {
            for (Path p : ds) {
                if (SEGMENT.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot list " + journal + ": " + e.getMessage());
        }
        out.sort(null);
        return out;
    }
}
