package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.it.apps.bad.BadInputApp;
import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets one clear line naming what and where, and no stack trace:
 * <ul>
 *   <li>a {@code @Durable} argument that cannot be serialized (an open {@code FileInputStream}):
 *       {@code LAZ-203} naming the parameter, before the body runs;</li>
 *   <li>a journaled call's result that cannot be serialized (a {@code Thread}): not a failure after the call
 *       ran, but a step journaled as recomputed and one {@code LAZ-208} warning naming
 *       the callee and the call site (File.java:line);</li>
 *   <li>a journal directory held by another running process: exit code 1 and one {@code LAZ-103} line
 *       naming its pid, the application never starts;</li>
 *   <li>a corrupt journal (a byte flipped in a record in the middle of a segment, good records after
 *       it): exit code 1 and one {@code LAZ-102} line naming the file and offset.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class BadInputTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void unserializableArgumentNamesTheParameter(Jdk jdk, @TempDir Path dir) {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger)
                .allowStderr("lazarus - .*LAZ-203")
                .main(BadInputApp.class, "argument")
                .start();
        app.assertExit(0, Apps.EXIT);
        String message = app.stdoutValue("MESSAGE ");
        assertAll(
                () -> assertEquals(
                        "dev.lazarus.LazarusException code=LAZ-203", app.stdoutValue("CAUGHT "), app.describe()),
                () -> assertTrue(
                        message.contains("source"), "the message should name the parameter 'source': " + message),
                () -> assertFalse(message.contains("\\n"), "one line: " + message),
                () -> assertEquals(0, ledger.count("consume-body-ran", "report"), "the body should not have run"),
                () -> app.assertNoStackTrace());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void unserializableResultIsRecomputedNotFailedAfterTheCallRan(Jdk jdk, @TempDir Path dir) throws IOException {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String callSite = "BadInputApp.java:"
                + lineOf("dev/lazarus/it/apps/bad/BadInputApp.java", "CALLSITE-UNSERIALIZABLE-RESULT");
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger)
                .allowStderr("lazarus - .*LAZ-208")
                .main(BadInputApp.class, "result")
                .start();
        app.assertExit(0, Apps.EXIT);
        List<String> warnings =
                app.stderr().stream().filter(l -> l.contains("LAZ-208")).toList();
        assertAll(
                () -> assertEquals("worker-1", app.stdoutValue("VALUE "), "the call ran once and was not failed"),
                () -> assertEquals(1, warnings.size(), app.describe()),
                () -> assertTrue(warnings.get(0).contains("spawnWorker"), "names the callee: " + warnings),
                () -> assertTrue(
                        warnings.get(0).contains(callSite), "names the call site " + callSite + ": " + warnings),
                () -> assertEquals(1, ledger.count("spawnWorker", "worker-1")),
                () -> app.assertNoStackTrace());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void journalHeldByAnotherProcess(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess holder = Apps.durable(jdk, dir, "holder", journal, ledger)
                .blockAt("step:held:1")
                .main(StepsApp.class, "call", "held", "3")
                .start();
        holder.awaitStdout("^BLOCKED step:held:1$", Apps.WAIT);

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .allowStderr("^\\[lazarus\\] LAZ-103: ")
                .main(StepsApp.class, "call", "other", "3")
                .start();
        second.assertExit(1, Apps.EXIT);
        String line = second.oneStderrLine("LAZ-10");
        assertAll(
                () -> assertTrue(line.startsWith("[lazarus] LAZ-103: "), line),
                () -> assertTrue(
                        Pattern.compile("\\b" + holder.pid() + "\\b")
                                .matcher(line)
                                .find(),
                        "the line should name the holder's pid " + holder.pid() + ": " + line),
                () -> assertTrue(
                        line.contains(journal.getFileName().toString()), "the line should name the journal: " + line),
                () -> assertTrue(
                        second.stdout().stream().noneMatch(l -> l.startsWith("START")),
                        "the application should not have started"),
                () -> assertEquals(0, ledger.entries().size(), ledger.dump()),
                () -> assertTrue(holder.isAlive(), "the holder is undisturbed"),
                () -> second.assertNoStackTrace());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void corruptJournalIsRefusedWithFileAndOffset(Jdk jdk, @TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        Apps.durable(jdk, dir, "writer", journal, ledger)
                .main(StepsApp.class, "call", "corrupt-1", "5")
                .start()
                .assertExit(0, Apps.EXIT);
        assertEquals(6, ledger.entries().size(), ledger.dump());

        Path segment;
        try (Stream<Path> files = Files.list(journal)) {
            segment = files.filter(p -> p.getFileName().toString().matches("segment-.*\\.log"))
                    .max(Comparator.comparingLong(BadInputTest::size))
                    .orElseGet(() -> fail("no segment-*.log in " + journal));
        }
        long flipped = middleOfARecordInTheMiddle(segment);
        flip(segment, flipped);

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .allowStderr("^\\[lazarus\\] LAZ-102: ")
                .main(StepsApp.class, "call", "corrupt-2", "5")
                .start();
        second.assertExit(1, Apps.EXIT);
        String line = second.oneStderrLine("LAZ-10");
        Matcher offset = Pattern.compile("offset (\\d+)").matcher(line);
        assertAll(
                () -> assertTrue(line.startsWith("[lazarus] LAZ-102: "), line),
                () -> assertTrue(
                        line.contains(segment.getFileName().toString()), "the line should name the file: " + line),
                () -> assertTrue(
                        offset.find()
                                && Long.parseLong(offset.group(1)) <= flipped
                                && Long.parseLong(offset.group(1)) >= 32,
                        "the line should name the offset of the damaged record (byte " + flipped + " was flipped): "
                                + line),
                () -> assertTrue(
                        second.stdout().stream().noneMatch(l -> l.startsWith("START")),
                        "the application should not have started"),
                () -> assertEquals(6, ledger.entries().size(), ledger.dump()),
                () -> second.assertNoStackTrace());
    }

    /**
     * A byte in the middle of the middle record, found with the record framing documented in the store
     * ({@code SegmentFormat}: a header of 32 bytes in format version 1 and 44 in version 2, the version at offset
     * 4, then frames of a 17-byte header starting with the payload
     * length); a plain middle of the file if that framing does not parse.
     */
    static long middleOfARecordInTheMiddle(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<long[]> frames = new java.util.ArrayList<>();
        int pos = bytes.length >= 8 && b.getInt(4) == 1 ? 32 : 44;
        while (pos + 17 <= bytes.length) {
            int len = b.getInt(pos);
            if (len < 0 || pos + 17L + len > bytes.length) {
                break;
            }
            frames.add(new long[] {pos, len});
            pos += 17 + len;
        }
        if (pos != bytes.length || frames.size() < 3) {
            return bytes.length / 2;
        }
        long[] middle = frames.get(frames.size() / 2);
        return middle[0] + 17 + (middle[1] > 0 ? middle[1] / 2 : -5);
    }

    private static void flip(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            ch.write(one, position);
            ch.force(true);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The one stderr line containing {@code marker}; fails if there are none or several. */
    private static int lineOf(String source, String marker) throws IOException {
        List<String> lines = Files.readAllLines(ItEnv.appSource(source));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        return fail(marker + " not found in " + source);
    }
}
