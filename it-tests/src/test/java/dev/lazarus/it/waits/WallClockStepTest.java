package dev.lazarus.it.waits;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.waits.ClockStepApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wall-clock steps during a wait (docs/SPEC.md §5.4): a running process waits on the monotonic clock for what is
 * left of a wait, so a step of the wall clock neither cuts nor stretches it. The child JVM runs under libfaketime
 * (Debian's {@code faketime}, installed by {@code .ci/run}), preloaded with the monotonic clock left alone; once the
 * durable method says it is waiting, the test steps the child's wall clock an hour forward or a minute back by
 * rewriting faketime's control file. A wait of {@value #WAIT_MILLIS} ms must still take at least that long (a wait
 * that followed the wall clock would end at once after the step forward) and end well before the step back would
 * have stretched it (it would take a minute more); the child's own wall clock shows the step happened.
 */
@ExtendWith(ChildJvms.class)
class WallClockStepTest {
    private static final long WAIT_MILLIS = 4_000;
    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Jdk jdk : (Iterable<Jdk>) Jdk.all()::iterator) {
            for (String kind : List.of("await", "sleep")) {
                for (long step : new long[] {3_600, -60}) {
                    all.add(arguments(jdk, kind, step));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} step {2} s")
    @MethodSource("cases")
    void aWaitIsNeitherCutNorStretchedByAStepOfTheWallClock(Jdk jdk, String kind, long stepSeconds, @TempDir Path dir)
            throws IOException {
        assertTrue(
                Files.isRegularFile(LIBFAKETIME),
                LIBFAKETIME + " is missing: install Debian's faketime package (.ci/run does)");
        Path control = dir.resolve("faketime.rc");
        Files.writeString(control, "+0\n");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = kind + "-" + (stepSeconds > 0 ? "forward" : "back");
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger)
                .environment("LD_PRELOAD", LIBFAKETIME.toString())
                .environment("FAKETIME_TIMESTAMP_FILE", control.toString())
                .environment("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                .environment("FAKETIME_CACHE_DURATION", "1")
                .main(ClockStepApp.class, kind, key, String.valueOf(WAIT_MILLIS))
                .start();
        app.awaitStdout("^WAITING$", Apps.WAIT);
        Files.writeString(control, (stepSeconds > 0 ? "+" : "") + stepSeconds + "\n");
        app.assertExit(0, Apps.EXIT);

        long elapsed = Long.parseLong(app.stdoutValue("ELAPSED "));
        long wall = Long.parseLong(app.stdoutValue("WALL "));
        long stepMillis = stepSeconds * 1_000;
        assertAll(
                () -> assertEquals(kind.equals("await") ? "timeout" : "slept", app.stdoutValue("RESULT ")),
                () -> assertTrue(
                        Math.abs(wall - elapsed - stepMillis) < 30_000,
                        "the child's wall clock stepped by " + stepSeconds + " s: wall " + wall + " ms, monotonic "
                                + elapsed + " ms"),
                () -> assertTrue(elapsed >= WAIT_MILLIS, "not cut short: " + elapsed + " ms"),
                () -> assertTrue(
                        elapsed < WAIT_MILLIS + Math.abs(stepMillis) / 2,
                        "not stretched by the step: " + elapsed + " ms"));
    }
}
