package dev.lazarus.it.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line (docs/SPEC.md §9.1) run as a separate process against the journal of a live application (blocked
 * in the middle of an execution), of the same application after it was killed, and after a restart finished it; and
 * bad arguments.
 */
@ExtendWith(ChildJvms.class)
class CommandLineTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ChildProcess cli(Path dir, String name, String... args) {
        return ChildJvm.on(Jdk.find(17), dir, name)
                .jar(ItEnv.agentJar(), args)
                .allowStderr("^lazarus ")
                .run(60);
    }

    private static ChildJvm app(Path dir, String name, Path journal, LedgerFile ledger) {
        return ChildJvm.on(Jdk.find(17), dir, name)
                .agent("journal=" + journal, "recover=manual")
                .classpath(ItEnv.appClasspath())
                .ledger(ledger.path());
    }

    @Test
    void listAndShowReadALiveThenACrashedThenAFinishedJournal(@TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess live = app(dir, "live", journal, ledger)
                .blockAt("step:cli:3")
                .main(StepsApp.class, "call", "cli", "4")
                .start();
        live.awaitStdout("^BLOCKED step:cli:3$", WAIT);

        ChildProcess list = cli(dir, "list-live", "list", "--journal", journal.toString());
        assertEquals(0, list.awaitExit(WAIT), list.describeFully());
        String row = only(list.stdout(), "StepsApp#run");
        assertTrue(
                row.matches(
                        "^\\S+\\s+RUNNING\\s+\\S+\\s+2\\s+dev\\.lazarus\\.it\\.apps\\.steps\\.StepsApp#run\\(String,int\\)\\s+\\S+$"),
                "id, RUNNING, age, 2 steps, name, key: " + row);
        String id = row.split("\\s+")[0];

        ChildProcess show = cli(dir, "show-live", "show", "--journal", journal.toString(), id);
        assertEquals(0, show.awaitExit(WAIT), show.describeFully());
        String text = String.join("\n", show.stdout());
        assertTrue(text.contains("state      RUNNING"), text);
        assertTrue(text.contains("arguments  [\"cli\", 4]"), text);
        Matcher step = Pattern.compile(
                        "(?m)^\\s+1\\s+StepsApp\\.java:\\d+\\s+\\S+\\s+StepService\\.step\\s+\"(v2@[^\"]+)\"\\s+key "
                                + Pattern.quote(id) + "#1$")
                .matcher(text);
        assertTrue(step.find(), "step 1: call site file:line, callee, outcome, step key:\n" + text);
        assertEquals(step.group(1), ledger.once("step", "cli/2"), "show prints the value the outside world returned");

        live.kill();
        ChildProcess crashed = cli(dir, "list-crashed", "list", "--journal", journal.toString(), "--json");
        assertEquals(0, crashed.awaitExit(WAIT), crashed.describeFully());
        String json = String.join("", crashed.stdout());
        assertTrue(
                json.contains("\"id\":\"" + id + "\"")
                        && json.contains("\"state\":\"RUNNING\"")
                        && json.contains("\"steps\":2"),
                json);

        app(dir, "restart", journal, ledger)
                .main(StepsApp.class, "call", "cli", "4")
                .start()
                .assertExit(0, WAIT);
        ChildProcess done = cli(dir, "list-done", "list", "--journal", journal.toString(), "--state", "COMPLETED");
        assertEquals(0, done.awaitExit(WAIT), done.describeFully());
        assertTrue(only(done.stdout(), id).contains("COMPLETED"), done.describeFully());
        ChildProcess none = cli(dir, "list-running", "list", "--journal", journal.toString(), "--state", "running");
        assertEquals(1, none.stdout().size(), "only the header: " + none.describeFully());
        ChildProcess shown = cli(dir, "show-done", "show", "--journal", journal.toString(), id.substring(0, 12));
        String finished = String.join("\n", shown.stdout());
        assertTrue(finished.contains("resumed by a new process"), finished);
        assertTrue(
                finished.contains(
                        "result     \"" + ledger.once("publish", "cli").replace("\"", "") + "\""),
                finished);
    }

    @Test
    void badArgumentsGetOneLineAndANonZeroExit(@TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        app(dir, "app", journal, ledger)
                .main(StepsApp.class, "call", "bad", "1")
                .start()
                .assertExit(0, WAIT);
        String[][] cases = {
            {"show", "--journal", journal.toString(), "no-such-id"},
            {"list"},
            {"list", "--journal", dir.resolve("nowhere").toString()},
            {"list", "--journal", journal.toString(), "--state", "SLEEPY"},
            {"retry", "--journal", journal.toString(), "no-such-id"},
            {"frobnicate", "--journal", journal.toString()},
        };
        int i = 0;
        for (String[] args : cases) {
            ChildProcess p = cli(dir, "bad" + i++, args);
            int code = p.awaitExit(WAIT);
            assertTrue(code != 0, String.join(" ", args) + " should fail: " + p.describeFully());
            assertEquals(1, p.stderr().size(), "one line: " + p.describeFully());
            assertTrue(p.stdout().isEmpty() || code == 2, p.describeFully());
        }
    }

    private static String only(List<String> lines, String containing) {
        List<String> matches =
                lines.stream().filter(l -> l.contains(containing)).toList();
        assertEquals(1, matches.size(), "one line with " + containing + " in " + lines);
        return matches.get(0);
    }
}
