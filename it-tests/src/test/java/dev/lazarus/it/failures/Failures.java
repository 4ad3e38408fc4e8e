package dev.lazarus.it.failures;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.LedgerFile;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Shorthands of the failure scenarios: the test apps under the agent, and the ledger's attempt lines. */
final class Failures {
    private Failures() {}

    /**
     * One real attempt of a flaky callee: the ledger line
     * {@code attempt <op> -> n=<n> key=<stepKey> pid=<pid> t=<epoch millis>} (see {@code AttemptLog}).
     */
    record Attempt(String op, int n, String stepKey, long pid, long millis) {
        private static final Pattern VALUE = Pattern.compile("^n=(\\d+) key=(\\S+) pid=(\\d+) t=(\\d+)$");

        static Attempt of(LedgerFile.Entry e) {
            Matcher m = VALUE.matcher(e.value());
            if (!m.matches()) {
                fail("malformed attempt line: " + e);
            }
            return new Attempt(
                    e.argument(),
                    Integer.parseInt(m.group(1)),
                    m.group(2),
                    Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)));
        }
    }

    /** @return the real attempts of {@code op}, in order */
    static List<Attempt> attempts(LedgerFile ledger, String op) {
        return ledger.find("attempt", op).stream().map(Attempt::of).collect(Collectors.toList());
    }

    /** @return the value of {@code name=<value>} in a ledger value such as {@code key=x pid=1} */
    static String field(String value, String name) {
        Matcher m =
                Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(\\S+)").matcher(value);
        if (!m.find()) {
            fail("no " + name + "= in '" + value + "'");
        }
        return m.group(1);
    }

    /** Fails unless every attempt has the same, non-null step key; returns it. */
    static String oneStepKey(List<Attempt> attempts, String what) {
        List<String> keys = attempts.stream().map(Attempt::stepKey).distinct().collect(Collectors.toList());
        assertTrue(keys.size() == 1, what + ": every attempt should see the same Lazarus.stepKey(), saw " + keys);
        String key = keys.get(0);
        assertTrue(
                !key.equals("null") && !key.isBlank(),
                what + ": Lazarus.stepKey() inside a journaled call should not be null");
        return key;
    }

    /** @return the value printed after {@code prefix}, failing with the child's output if it is missing */
    static String printed(ChildProcess p, String prefix) {
        return p.stdoutValue(prefix);
    }

    static void sleepUntil(long epochMillis) {
        long ms = epochMillis - System.currentTimeMillis();
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
