package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.classify.ClassifyApp;
import dev.lazarus.it.apps.classify.QuotaExceededException;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transparency rule (docs/SPEC.md §3): {@link ClassifyApp#classify} is killed near its end (at a journaled gate
 * call) and called again by a new process, which replays it:
 * <ul>
 *   <li>field-held services, also when called from a stream lambda or a private helper, are journaled:
 *       the outside world saw each call once and the replay got the recorded values;</li>
 *   <li>{@code System.currentTimeMillis}, {@code nanoTime}, {@code Instant.now}, {@code Random},
 *       {@code ThreadLocalRandom}, {@code SecureRandom} and {@code UUID.randomUUID} come back identical;</li>
 *   <li>an exception a service threw is rethrown, same type and message, without calling the service;</li>
 *   <li>objects the body creates and mutates, JDK collections, strings and streams are recomputed: they
 *       ran again in the second process and the values built from them are right;</li>
 *   <li>log lines (System.out, System.err, java.util.logging) are not emitted again on replay, but are after
 *       it; they are not journaled, so the first run logging more lines than the second (as after
 *       deploying a change to log statements) does not disturb the replay; and java.util.logging records
 *       still name the application's method as their source.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class ClassificationTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void replayFollowsTheTransparencyRule(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String id = "doc-7";

        // it.verbose: the first run's body logs three more lines than the second's; log calls are not
        // journaled, so that must not disturb the replay
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("gate:classify-end")
                .property("it.verbose", "true")
                .main(ClassifyApp.class, id)
                .start();
        first.awaitStdout("^BLOCKED gate:classify-end$", Apps.WAIT);
        // the first process did all of this live
        String observed = ledger.once("observe", id);
        String failureMessage = ledger.once("reserve", id).replaceFirst("^threw ", "");
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(ClassifyApp.class, id)
                .start();
        second.assertExit(0, Apps.EXIT);
        Map<String, String> result = parse(second.stdoutValue("RESULT "));

        assertAll(
                // journaled: field-held services, from a lambda and from a private helper
                () -> assertEquals(
                        List.of(
                                        ledger.once("describe", "alpha"),
                                        ledger.once("describe", "beta"),
                                        ledger.once("describe", "gamma"))
                                .toString(),
                        result.get("described"),
                        "service calls in a stream lambda: journaled, answered from the journal"),
                () -> assertEquals(
                        ledger.once("region", "DOC-7"),
                        result.get("region"),
                        "service call in a private helper: journaled"),
                () -> assertTrue(
                        ledger.once("region", "DOC-7").contains("@" + first.pid() + "#"),
                        "the helper's service call was made by the first process only"),
                // clocks, random numbers, UUIDs
                () -> assertEquals(
                        observed,
                        result.get("observed"),
                        "clock, nanoTime, Instant.now, Random, ThreadLocalRandom, SecureRandom and UUID values "
                                + "read in the body should come back identical after the restart"),
                // exceptions
                () -> assertEquals(
                        QuotaExceededException.class.getName() + ": " + failureMessage,
                        result.get("failure"),
                        "the exception the service threw in the first process, rethrown with the same type and message"),
                () -> assertEquals(1, ledger.count("reserve", id), "the failing service was not called again"),
                // recomputed
                () -> assertEquals("14", result.get("tally"), "an object the body creates and mutates is recomputed"),
                () -> assertEquals(
                        "{alpha=5, beta=4, gamma=5}", result.get("lengths"), "JDK collections are recomputed"),
                () -> assertEquals(
                        "<ALPHA>+<GAMMA>", result.get("labels"), "streams over the body's values are recomputed"),
                () -> assertEquals(
                        "5",
                        second.stdoutValue("TALLY-CALLS "),
                        "the 5 calls on the object the body made ran again (recomputed) in the second process"),
                // logging
                () -> assertTrue(first.stdout().contains("LOG before-gate " + id), "live log line in the first run"),
                () -> assertFalse(
                        second.stdout().contains("LOG before-gate " + id),
                        "System.out line of the replayed part printed again:\n" + second.describe()),
                () -> assertTrue(
                        second.stdout().contains("LOG after-gate " + id),
                        "System.out line after the replayed part (live) missing"),
                () -> assertTrue(
                        first.stderr().stream().anyMatch(l -> l.contains("JUL before-gate " + id)),
                        "live JUL line in the first run"),
                () -> assertFalse(
                        second.stderr().stream().anyMatch(l -> l.contains("JUL before-gate " + id)),
                        "java.util.logging line of the replayed part emitted again"),
                () -> assertTrue(
                        second.stderr().stream().anyMatch(l -> l.contains("JUL after-gate " + id)),
                        "java.util.logging line after the replayed part (live) missing"),
                () -> assertTrue(
                        first.stdout().contains("LOG verbose " + id)
                                && first.stderr().contains("ERR verbose " + id)
                                && first.stderr().stream().anyMatch(l -> l.contains("JUL verbose " + id)),
                        "the first run's extra log lines"),
                () -> assertEquals(
                        ClassifyApp.class.getName() + " classify",
                        julSource(first.stderr(), "JUL before-gate " + id),
                        "java.util.logging infers the calling class and method from the stack: under the agent the "
                                + "record should still name the application's method, not an agent frame"),
                // and the outside world
                () -> assertEquals(
                        result.get("observed"),
                        parse(ledger.once("publish", id)).get("observed")),
                () -> assertEquals(
                        7,
                        ledger.entries().size(),
                        "observe, 3 describe, region, reserve, publish and nothing else:\n" + ledger.dump()));
    }

    /**
     * java.util.logging's default format is two lines: {@code <date> <source class> <source method>}, then
     * {@code INFO: <message>}. @return the source class and method of the record with that message
     */
    static String julSource(List<String> stderr, String message) {
        for (int i = 1; i < stderr.size(); i++) {
            if (stderr.get(i).equals("INFO: " + message)) {
                String[] words = stderr.get(i - 1).trim().split(" ");
                return words.length < 2 ? stderr.get(i - 1) : words[words.length - 2] + " " + words[words.length - 1];
            }
        }
        return "(no record 'INFO: " + message + "')";
    }

    /** {@code a=1|b=2} to a map (values may contain '='). */
    static Map<String, String> parse(String result) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : result.split("\\|")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
