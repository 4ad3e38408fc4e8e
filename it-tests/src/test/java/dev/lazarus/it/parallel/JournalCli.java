package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's command-line tool on a scenario's journal, as an operator runs it ({@code list}, {@code show}). */
final class JournalCli {
    private JournalCli() {}

    /**
     * @return the state of each execution in {@code journal} whose row names {@code durableName}, by key (the
     *     last column of a {@code list} row)
     */
    static Map<String, String> states(Jdk jdk, Path dir, String name, Path journal, String durableName) {
        ChildProcess list = run(jdk, dir, name, "list", "--journal", journal.toString());
        Map<String, String> states = new LinkedHashMap<>();
        for (String row : list.stdout()) {
            if (row.contains(durableName)) {
                String[] columns = row.trim().split("\\s+");
                states.put(columns[columns.length - 1], columns[1]);
            }
        }
        return states;
    }

    /** @return what {@code list} and then {@code show} of every execution print, for failure messages */
    static String describe(Jdk jdk, Path dir, String name, Path journal) {
        ChildProcess list = run(jdk, dir, name + "-list", "list", "--journal", journal.toString());
        StringBuilder out = new StringBuilder("---- lazarus list\n").append(String.join("\n", list.stdout()));
        int n = 0;
        for (String row : list.stdout()) {
            if (row.contains("#") && n < 4) { // the first few executions are enough to read
                String id = row.trim().split("\\s+")[0];
                ChildProcess show = run(jdk, dir, name + "-show-" + n++, "show", "--journal", journal.toString(), id);
                out.append("\n---- lazarus show ").append(id).append('\n').append(String.join("\n", show.stdout()));
            }
        }
        return out.toString();
    }

    private static ChildProcess run(Jdk jdk, Path dir, String name, String... args) {
        ChildProcess cli =
                ChildJvm.on(jdk, dir, name).jar(ItEnv.agentJar(), args).start();
        assertEquals(0, cli.awaitExit(Apps.WAIT), cli.describeFully());
        return cli;
    }
}
