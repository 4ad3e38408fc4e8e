package dev.lazarus.agent.cli;

import dev.lazarus.store.log.JournalCorruptException;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.RecoveryReport;
import dev.lazarus.store.log.TornTail;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordFormatException;
import dev.lazarus.store.record.RecordType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code verify --journal DIR}: checks every record of a journal. The store's read-only scan checks every
 * segment header, every frame's length and CRC32C and the continuity of the sequence numbers across records
 * and segments; on top of that every record's payload must decode as its type, through the same schema the
 * engine writes with ({@link RecordType}, {@link RecordCodec}): every type the engine can write is known here.
 *
 * <p>Sound: prints the segments, records, last lsn, the records by type and a torn tail if there is one
 * (the end of the newest segment cut by a crash, or a batch being written right now by a running
 * application; the owner drops a crash's torn tail when it next opens the journal), and exits 0. Not sound:
 * one line on stderr naming the file and byte offset of the first damage, exit 1. Not a journal: one line,
 * exit 2.
 *
 * <p>Safe on the journal of a running application: it takes no lock, writes nothing, and never opens
 * {@code journal.lock} (on POSIX systems closing any descriptor of that file would drop the owner's lock if
 * the owner were this very process). A segment is only ever appended to, so a scan sees a consistent
 * prefix; records appended after the scan read a segment's size are simply not counted.
 */
final class VerifyCommand implements Command {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String usage() {
        return "--journal DIR   check every record (headers, CRCs, lsn continuity, payloads); exit 0 if sound";
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        args.exactly();
        if (!Files.isDirectory(journal)) {
            throw new CliException("no journal at " + journal + " (not a directory)");
        }
        List<Path> segments = JournalScan.segments(journal);
        if (segments.isEmpty()) {
            throw new CliException("no journal at " + journal + ": it holds no segment-NNNNNNNNNN.log file");
        }
        long bytes = 0;
        for (Path s : segments) {
            try {
                bytes += Files.size(s);
            } catch (IOException e) {
                // the scan reports an unreadable segment
            }
        }
        Map<Byte, Long> byType = new TreeMap<>();
        BadPayload[] bad = new BadPayload[1];
        RecoveryReport report;
        try {
            report = JournalLog.scan(journal, (segment, offset, lsn, type, payload) -> {
                byType.merge(type, 1L, Long::sum);
                if (bad[0] == null) {
                    try {
                        RecordCodec.decode(type, payload);
                    } catch (RecordFormatException | IllegalArgumentException e) {
                        bad[0] = new BadPayload(
                                segment + " offset " + offset, lsn, type, payload.length, e.getMessage());
                    }
                }
            });
        } catch (JournalCorruptException e) {
            String m = e.getMessage();
            int hint = m.indexOf("; run 'verify'");
            throw new JournalException(
                    e.code(),
                    (hint > 0 ? m.substring(m.indexOf(": ") + 2, hint) : m)
                            + "; restore the directory from a backup (do not edit or delete segment files by hand)");
        }
        if (bad[0] != null) {
            BadPayload b = bad[0];
            String reason = b.reason == null ? "?" : b.reason.replaceFirst("^LAZ-\\d+: ", "");
            throw new JournalException(
                    "LAZ-102",
                    "journal is corrupt at " + b.where + ": record lsn " + b.lsn
                            + " (" + RecordType.describe(b.type) + ", " + b.length
                            + " bytes) has a valid CRC but does not decode: " + reason
                            + " (written by another version of Lazarus?)");
        }
        out.println("journal " + journal.toAbsolutePath().normalize() + ": sound");
        out.printf(
                Locale.ROOT,
                "  segments:  %d (%s .. %s), %d bytes%n",
                report.segments(),
                segments.get(0).getFileName(),
                segments.get(segments.size() - 1).getFileName(),
                bytes);
        out.printf(
                Locale.ROOT,
                "  records:   %d%s; every header, frame CRC and payload checked, lsn continuous%n",
                report.records(),
                report.records() == 0 ? "" : ", lsn 1.." + report.lastLsn());
        StringBuilder types = new StringBuilder();
        byType.forEach((t, n) -> types.append(types.length() == 0 ? "" : ", ")
                .append(RecordType.describe(t))
                .append(' ')
                .append(n));
        out.println("  by type:   " + (types.length() == 0 ? "none" : types));
        if (report.tornTail().isPresent()) {
            TornTail t = report.tornTail().get();
            out.println(
                    "  torn tail: " + t.droppedBytes() + " bytes at " + t.file().getFileName() + " offset "
                            + t.offset() + " (" + t.reason()
                            + "): a write cut short by a crash, or being written right now;"
                            + " the journal's owner drops it when it next opens the journal (nothing after it was acknowledged)");
        } else {
            out.println("  torn tail: none");
        }
        return 0;
    }

    private record BadPayload(String where, long lsn, byte type, int length, String reason) {}
}
