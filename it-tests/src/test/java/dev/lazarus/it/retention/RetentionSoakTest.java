package dev.lazarus.it.retention;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.retention.SoakApp;
import dev.lazarus.it.harness.AgentCli;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The soak: executions at full speed for long enough to cycle many segments, with a {@code retention} of seconds,
 * beside approvals that wait across a SIGKILL. The journal's size on disk must stop growing once retention
 * starts dropping history (compaction in the background), every approval must resume after the kill and
 * complete once its event comes (asked once, approved once: nothing lost, nothing re-sent), and {@code verify}
 * must find the journal sound at the end.
 */
@ExtendWith(ChildJvms.class)
class RetentionSoakTest {
    private static final long RETENTION_MILLIS = 2_000;
    private static final int SECONDS = 24;
    private static final int APPROVALS = 5;
    private static final String SEGMENT = "64k";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void diskStaysBoundedAndWaitingExecutionsSurvive(Jdk jdk, @TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = app(jdk, dir, "start", journal, ledger, "start").start();
        first.awaitStdout("^WAITING$", Apps.WAIT);
        // the journal's size while the busy executions run, sampled from outside, with the progress so far
        List<long[]> samples = new ArrayList<>(); // {millis since start, bytes, executions finished}
        long t0 = System.nanoTime();
        while (first.stdout().stream().noneMatch(l -> l.startsWith("RAN "))) {
            Thread.sleep(250);
            samples.add(new long[] {(System.nanoTime() - t0) / 1_000_000, sizeOf(journal), progress(first)});
            assertTrue(first.isAlive(), first.describe());
        }
        long ran = Long.parseLong(first.stdoutValue("RAN "));
        first.kill();

        Path recording = dir.resolve("resume.jfr");
        ChildProcess second = app(jdk, dir, "resume", journal, ledger, "resume")
                .jvmFlag("-XX:StartFlightRecording=filename=" + recording + ",settings=profile")
                .allowStderr("Started recording", "Use jcmd", "jcmd .* JFR\\.dump")
                .start();
        second.awaitStdout("^RAN ", Duration.ofSeconds(SECONDS + 60));
        for (int i = 0; i < APPROVALS; i++) {
            ChildProcess sent =
                    AgentCli.sendEvent(jdk, dir, "send-" + i, journal, "approval", "a-" + i, "\"yes-" + i + "\"");
            assertEquals(0, sent.awaitExit(Apps.WAIT), sent.describe());
        }
        second.awaitStdout("^APPROVALS-DONE$", Apps.WAIT);
        assertEquals(0, second.awaitExit(Apps.EXIT), second.describe());

        ChildProcess verify = ChildJvm.on(jdk, dir, "verify")
                .jar(ItEnv.agentJar(), "verify", "--journal", journal.toString())
                .start();
        int verified = verify.awaitExit(Apps.WAIT);

        // the recording is read by this JVM's JFR parser, which reads what its own release and older ones write
        boolean readable = jdk.feature() <= Runtime.version().feature();
        List<RecordedEvent> compactions = readable
                ? RecordingFile.readAllEvents(recording).stream()
                        .filter(e -> e.getEventType().getName().equals("dev.lazarus.Compaction"))
                        .collect(Collectors.toList())
                : List.of();

        // history: the bytes one busy execution costs, from the samples taken before retention dropped anything
        long[] early = samples.stream()
                .filter(s -> s[0] < RETENTION_MILLIS && s[2] > 100)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no sample before retention began: " + samples.size()));
        double bytesPerExecution = (double) early[1] / early[2];
        double everWritten = bytesPerExecution * ran;
        // bounded: from the middle third's largest size to the last third's, the journal grows by far less than what
        // the executions of the last third wrote (at most half of it, plus two segments: the writer's segment grows
        // until it rolls). A journal that is not compacted grows by all of it; a compacted one swings with the pace of
        // the load and of the passes (what the retention window holds, and what waits for the next pass), by tens of
        // megabytes on a loaded machine, which a comparison of sizes alone took for growth (a CI run did)
        int n = samples.size();
        long middle = maxBytes(samples.subList(n / 3, 2 * n / 3));
        long last = maxBytes(samples.subList(2 * n / 3, n));
        long lastThirdExecutions = samples.get(n - 1)[2] - samples.get(2 * n / 3)[2];
        long lastThirdWrote = (long) (bytesPerExecution * lastThirdExecutions);
        long slack = lastThirdWrote / 2 + 2 * 64 * 1024;
        String series = describe(samples);
        assertAll(
                () -> assertEquals(0, verified, "verify after the soak:\n" + verify.describe()),
                () -> assertFalse(
                        readable && compactions.isEmpty(), "the resumed process recorded its compactions in JFR"),
                () -> assertTrue(
                        compactions.stream()
                                .allMatch(e -> e.getLong("bytesAfter") < e.getLong("bytesBefore")
                                        && e.getLong("recordsDropped") > 0
                                        && e.getInt("segments") > 0),
                        "each compaction event says what it freed: " + compactions),
                () -> assertTrue(
                        last <= middle + slack,
                        "the journal kept growing: largest " + last + " bytes in the last third vs " + middle
                                + " in the middle third, while the last third wrote ~" + lastThirdWrote + " bytes\n"
                                + series),
                () -> assertTrue(
                        sizeOf(journal) < everWritten / 4,
                        "the journal holds " + sizeOf(journal) + " bytes of ~" + (long) everWritten + " ever written ("
                                + ran + " executions): retention dropped too little\n" + series),
                () -> {
                    for (int i = 0; i < APPROVALS; i++) {
                        String id = "a-" + i;
                        assertEquals(1, ledger.count("ask", id), "asked once across the kill\n" + ledger.dump());
                        assertEquals(1, ledger.count("approved", id), "approved once\n" + ledger.dump());
                    }
                });
    }

    private static ChildJvm app(Jdk jdk, Path dir, String name, Path journal, LedgerFile ledger, String mode) {
        return Apps.durable(
                        jdk,
                        dir,
                        name,
                        journal,
                        ledger,
                        "retention=" + RETENTION_MILLIS + "ms",
                        "segmentSize=" + SEGMENT,
                        "durability=process",
                        "trace=false")
                .main(SoakApp.class, mode, String.valueOf(SECONDS), String.valueOf(APPROVALS), "3");
    }

    private static long progress(ChildProcess p) {
        List<String> out = p.stdout();
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i).startsWith("PROGRESS ")) {
                return Long.parseLong(out.get(i).substring("PROGRESS ".length()));
            }
        }
        return 0;
    }

    private static long maxBytes(List<long[]> samples) {
        return samples.stream().mapToLong(s -> s[1]).max().orElse(0);
    }

    private static String describe(List<long[]> samples) {
        StringBuilder sb = new StringBuilder("ms bytes executions:");
        for (int i = 0; i < samples.size(); i += Math.max(1, samples.size() / 24)) {
            long[] s = samples.get(i);
            sb.append(' ').append(s[0]).append('/').append(s[1]).append('/').append(s[2]);
        }
        return sb.toString();
    }

    /** The journal's segment files' total size (a file deleted while listed counts as gone). */
    static long sizeOf(Path journal) {
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (NoSuchFileException gone) {
                            return 0;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
