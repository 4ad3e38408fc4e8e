package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.golden.Answers;
import dev.lazarus.it.apps.golden.GoldenApp;
import dev.lazarus.it.apps.golden.GoldenChild;
import dev.lazarus.it.apps.golden.GoldenFlows;
import dev.lazarus.it.apps.golden.GoldenInputs;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrading Lazarus over a journal users already have, and rolling back over one this version wrote to.
 *
 * <ul>
 *   <li>Up: the agent of this version starts on a journal of the first released format ({@code v1/basics}),
 *       resumes its unfinished executions and appends to it, which starts a segment of the current format after
 *       the released one, left byte for byte as it was; an execution waiting for its approval waits on across
 *       that start; a second start reads the mixed journal, delivers the approval and answers the finished
 *       executions from it; {@code verify} finds it sound. The outside world sees no call twice.</li>
 *   <li>Back: a journal holding a segment of a format newer than this version writes (forged as the next
 *       version after a journal this version wrote) is refused at start-up, before the application's
 *       {@code main} runs, and by every command of the command line, each time with one line that carries
 *       {@code LAZ-107} and names both the segment's version and the versions this one reads; nothing in the
 *       journal changes.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class GoldenJournalUpgradeTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aReleasedJournalIsResumedAppendedToAndReopened(Jdk jdk, @TempDir Path dir) {
        Path journal = GoldenJournals.copy(GoldenJournals.BASICS, dir);
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        List<GoldenJournals.SegmentFile> released = GoldenJournals.segments(journal);
        assertFalse(released.isEmpty());
        int releasedVersion = released.get(0).version();
        assertTrue(released.stream().allMatch(f -> f.version() == releasedVersion), released.toString());
        Map<Path, byte[]> releasedBytes = contents(released);
        long releasedLastLsn = lastLsn(journal);
        String waiting = idOf(GoldenJournals.records(journal), GoldenInputs.WAITING);

        // first start of the newer agent: resumes three executions, leaves the waiting one waiting
        ChildProcess first = Apps.durable(
                        jdk, dir, "upgraded", journal, ledger, "recover=manual", GoldenJournals.KEEP_FINISHED)
                .main(GoldenApp.class, "basics-upgrade")
                .start();
        first.assertExit(0, Apps.EXIT);
        List<String> resumed = List.of(
                result(
                        "steps",
                        GoldenInputs.STEPS,
                        GoldenFlows.joined(
                                Answers.quote(GoldenInputs.STEPS),
                                Answers.list(GoldenInputs.STEPS),
                                Answers.instant(GoldenInputs.STEPS),
                                Answers.map(GoldenInputs.STEPS))),
                result(
                        "retrying",
                        GoldenInputs.RETRYING,
                        GoldenFlows.joined(
                                Answers.text(GoldenInputs.RETRYING),
                                Answers.flaky(GoldenInputs.RETRYING),
                                Answers.count(GoldenInputs.RETRYING))),
                result(
                        "parent",
                        GoldenInputs.PARENT,
                        GoldenFlows.joined(
                                Answers.text(GoldenInputs.PARENT),
                                GoldenChild.summary(
                                        Answers.label(GoldenInputs.PARENT), Answers.count(GoldenInputs.PARENT)),
                                Answers.tier(GoldenInputs.PARENT))));
        assertEquals(resumed, outcomes(first), first.describe());

        List<GoldenJournals.SegmentFile> mixed = GoldenJournals.segments(journal);
        assertEquals(released.size() + 1, mixed.size(), "one new segment after the released ones: " + mixed);
        assertEquals(released, mixed.subList(0, released.size()), "the released segments stay as they were");
        assertUnchanged(releasedBytes, "nothing is written into a segment of the released format");
        GoldenJournals.SegmentFile added = mixed.get(mixed.size() - 1);
        int current = added.version();
        assertNotEquals(releasedVersion, current, "the appends went into a segment of this version's format");
        assertFalse(added.compacted(), added.toString());
        assertEquals(releasedLastLsn + 1, added.firstLsn(), "the new segment goes on from the released one's lsns");
        assertTrue(
                GoldenJournals.records(journal).stream()
                        .noneMatch(r -> r instanceof ExecutionFinished
                                && r.executionId().equals(waiting)),
                "the approval still waits after the upgrade");

        int callsBeforeSecond = ledger.entries().size();

        // second start, on the mixed journal: the approval arrives, everything finished answers from the journal
        ChildProcess second = Apps.durable(
                        jdk, dir, "reopened", journal, ledger, "recover=manual", GoldenJournals.KEEP_FINISHED)
                .main(GoldenApp.class, "basics-resume")
                .start();
        second.assertExit(0, Apps.EXIT);
        List<String> outcomes = outcomes(second);
        assertTrue(outcomes.containsAll(resumed), "answered from the journal after the upgrade:\n" + outcomes);
        assertTrue(
                outcomes.contains(result(
                        "waiting",
                        GoldenInputs.WAITING,
                        GoldenFlows.joined(
                                Answers.text(GoldenInputs.WAITING),
                                GoldenFlows.approval(GoldenInputs.WAITING),
                                Answers.tier(GoldenInputs.WAITING)))),
                "the approval that waited across the upgrade completes its execution:\n" + outcomes);
        assertEquals(mixed, GoldenJournals.segments(journal), "no roll-over on a journal already in this format");
        assertUnchanged(releasedBytes, "the released segments are still as they were");

        // the outside world: every call once, across the halt of the released agent and two starts of this one
        List<LedgerFile.Entry> calls = ledger.entries();
        Set<String> seen = new HashSet<>();
        for (LedgerFile.Entry e : calls) {
            assertTrue(seen.add(e.operation() + " " + e.argument()), "made twice: " + e + "\n" + ledger.dump());
        }
        assertEquals(
                List.of("tier " + GoldenInputs.WAITING + " -> " + Answers.tier(GoldenInputs.WAITING)),
                calls.subList(callsBeforeSecond, calls.size()).stream()
                        .map(LedgerFile.Entry::toString)
                        .toList(),
                "the second start called out once, for the approved execution's last step");

        String verify = String.join(
                "\n",
                cli(jdk, dir, "verify", "verify", "--journal", journal.toString())
                        .assertExit(0, Apps.EXIT)
                        .stdout());
        assertTrue(verify.contains(": sound"), verify);
        assertTrue(verify.contains("segments:  " + mixed.size() + " "), verify);
        List<String> list = cli(jdk, dir, "list", "list", "--journal", journal.toString())
                .assertExit(0, Apps.EXIT)
                .stdout();
        assertTrue(
                list.stream().noneMatch(l -> l.contains(" RUNNING ") || l.contains(" WAITING ")),
                "nothing is left unfinished:\n" + list);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aJournalWithASegmentOfANewerFormatIsRefusedWithOneLine(Jdk jdk, @TempDir Path dir) throws IOException {
        Path journal = GoldenJournals.copy(GoldenJournals.LIFECYCLE, dir);
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        List<GoldenJournals.SegmentFile> own = GoldenJournals.segments(journal);
        int reads = GoldenJournals.segments(GoldenJournals.journal(GoldenJournals.BASICS))
                .get(0)
                .version();
        int writes = own.get(own.size() - 1).version();
        int newer = writes + 1;
        String crashed = idOf(GoldenJournals.records(journal), GoldenInputs.L_CRASHED);
        Path forged = forgeSegment(journal, own.get(own.size() - 1).number() + 1, lastLsn(journal) + 1, newer);
        Map<Path, byte[]> before = contents(GoldenJournals.segments(journal));
        byte[] ledgerBefore = Files.readAllBytes(ledger.path());

        ChildProcess app = Apps.durable(jdk, dir, "older-agent", journal, ledger, "recover=manual")
                .allowStderr("LAZ-107")
                .main(GoldenApp.class, "lifecycle-resume")
                .start();
        assertEquals(1, app.awaitExit(Apps.EXIT), app.describe());
        assertRefusedInOneLine(app, "[lazarus] ", forged, newer, reads, writes);
        assertTrue(
                app.stdout().stream().noneMatch(l -> l.startsWith("RESULT ") || l.startsWith("THREW ")),
                "the application's main never ran:\n" + app.describe());
        assertArrayEquals(ledgerBefore, Files.readAllBytes(ledger.path()), "nothing called out");

        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("list", List.of());
        commands.put("show", List.of(crashed));
        commands.put("verify", List.of());
        commands.put("stats", List.of());
        commands.put("send-event", List.of(GoldenInputs.APPROVAL_EVENT, GoldenInputs.L_WAITING, "{}"));
        commands.put("retry", List.of(crashed));
        commands.put("cancel", List.of(crashed));
        commands.put("delete", List.of(crashed));
        commands.forEach((command, args) -> {
            List<String> all = new ArrayList<>(List.of(command, "--journal", journal.toString()));
            all.addAll(args);
            ChildProcess cli = ChildJvm.on(jdk, dir, "cli-" + command)
                    .jar(ItEnv.agentJar(), all.toArray(new String[0]))
                    .allowStderr("LAZ-107")
                    .start();
            assertNotEquals(0, cli.awaitExit(Apps.EXIT), cli.describe());
            assertRefusedInOneLine(cli, "lazarus " + command + ": ", forged, newer, reads, writes);
        });

        assertEquals(
                before.keySet(), contents(GoldenJournals.segments(journal)).keySet(), "no segment made or removed");
        assertUnchanged(before, "a refused journal");
        assertFalse(Files.exists(journal.resolve("inbox")), "nothing was queued for the application");
    }

    /**
     * Exactly one line of the process's stderr says why, with {@code prefix}: {@code LAZ-107}, the forged segment,
     * its version and the versions this Lazarus reads; no stack trace.
     */
    private static void assertRefusedInOneLine(
            ChildProcess p, String prefix, Path forged, int newer, int reads, int writes) {
        List<String> lines = p.stderr().stream().filter(l -> l.contains("LAZ-")).toList();
        assertEquals(1, lines.size(), p.describe());
        String line = lines.get(0);
        assertTrue(line.startsWith(prefix + "LAZ-107: "), line);
        assertTrue(line.contains(forged.toString()), "names the segment: " + line);
        assertTrue(line.contains("format version " + newer + " "), "names the segment's version: " + line);
        assertTrue(line.contains("format versions " + reads + " to " + writes), "names what this reads: " + line);
        assertTrue(p.stderr().stream().noneMatch(ChildJvms::isStackTraceLine), "no stack trace:\n" + p.describe());
    }

    /**
     * Writes segment {@code number} as a later Lazarus would start it: a header with the magic, {@code version},
     * the number, the first lsn, no flags and the CRC32C of those 28 bytes at offset 28 (where every version keeps
     * it, so that an older reader gets as far as the version), then 16 bytes this version knows nothing of.
     */
    private static Path forgeSegment(Path journal, long number, long firstLsn, int version) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.putInt(0x4C5A4A4C).putInt(version).putLong(number).putLong(firstLsn).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        b.putInt((int) crc.getValue());
        b.putLong(0).putLong(0);
        Path f = journal.resolve(String.format("segment-%010d.log", number));
        Files.write(f, b.array());
        return f;
    }

    /** @return the last lsn of a journal */
    private static long lastLsn(Path journal) {
        long[] last = {0};
        JournalLog.scan(journal, (lsn, type, payload) -> last[0] = lsn);
        return last[0];
    }

    private static String idOf(List<JournalRecord> records, String key) {
        return GoldenJournals.starts(records).stream()
                .filter(s -> s.key().equals(key) && s.parentId() == null)
                .map(ExecutionStarted::executionId)
                .findFirst()
                .orElseThrow();
    }

    private static Map<Path, byte[]> contents(List<GoldenJournals.SegmentFile> segments) {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        segments.forEach(f -> out.put(f.file(), contents(f.file())));
        return out;
    }

    /** Every file of {@code before} still holds the bytes it held. */
    private static void assertUnchanged(Map<Path, byte[]> before, String what) {
        before.forEach((f, bytes) -> assertArrayEquals(bytes, contents(f), what + ": " + f));
    }

    private static byte[] contents(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String result(String flow, String key, Object value) {
        return "RESULT " + flow + ":" + key + " " + value;
    }

    private static List<String> outcomes(ChildProcess p) {
        return p.stdout().stream()
                .filter(l -> l.startsWith("RESULT ") || l.startsWith("THREW "))
                .toList();
    }

    private static ChildProcess cli(Jdk jdk, Path dir, String name, String... args) {
        return ChildJvm.on(jdk, dir, name).jar(ItEnv.agentJar(), args).start();
    }
}
