package dev.lazarus.it.waits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.it.harness.AgentCli;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shorthands of the waiting scenarios: the test apps under the agent, and the command-line tool. */
final class Waits {
    private Waits() {}

    /**
     * Runs {@code java -jar lazarus-agent.jar send-event --journal <journal> <event> <key> <json>} as its own
     * process on {@code jdk} and waits for it to exit.
     */
    static ChildProcess sendEvent(Jdk jdk, Path dir, String name, Path journal, String event, String key, String json) {
        return AgentCli.sendEvent(jdk, dir, name, journal, event, key, json);
    }

    /** Sends with the command-line tool and fails unless it exits 0. */
    static ChildProcess sendEventOk(
            Jdk jdk, Path dir, String name, Path journal, String event, String key, String json) {
        ChildProcess cli = sendEvent(jdk, dir, name, journal, event, key, json);
        cli.assertExit(0, Apps.WAIT);
        return cli;
    }

    /** Fails unless the tool printed exactly one non-blank line (stdout and stderr together); returns it. */
    static String oneLine(ChildProcess cli) {
        List<String> lines = Stream.concat(cli.stdout().stream(), cli.stderr().stream())
                .filter(l -> !l.isBlank())
                .collect(Collectors.toList());
        if (lines.size() != 1) {
            fail("the command-line tool should answer with exactly one line, not " + lines.size() + ":\n"
                    + cli.describe());
        }
        return lines.get(0);
    }

    /** Fails unless the tool exited with {@code code} and said one line; returns that line. */
    static String rejected(ChildProcess cli, int code) {
        assertEquals(code, cli.awaitExit(Apps.WAIT), "exit code of the command-line tool\n" + cli.describe());
        return oneLine(cli);
    }

    /** Waits until the ledger has {@code count} lines of {@code operation argument}; fails after {@code timeout}. */
    static void awaitLedger(
            LedgerFile ledger, String operation, String argument, int count, Duration timeout, ChildProcess app) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledger.count(operation, argument) < count) {
            if (System.nanoTime() > deadline) {
                fail("the ledger has no '" + operation + " " + argument + "' line after " + timeout.toSeconds()
                        + "s; ledger:\n" + ledger.dump() + "\n" + app.describe());
            }
            sleep(10);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
