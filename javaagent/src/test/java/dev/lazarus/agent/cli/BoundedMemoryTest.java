package dev.lazarus.agent.cli;

import static dev.lazarus.agent.cli.TestJournal.finished;
import static dev.lazarus.agent.cli.TestJournal.started;
import static dev.lazarus.agent.cli.TestJournal.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.ExecutionState;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line holds what is open at a point of the journal, not its history: {@code list}, {@code stats}
 * and {@code show} over a journal of many finished executions (and a few that never finish), checked two ways —
 * the passes' own count of what they hold, and the commands run in a JVM whose heap is far smaller than what
 * holding every execution would take.
 */
class BoundedMemoryTest {
    @TempDir
    Path tmp;

    /**
     * Two unfinished executions started first, then {@code finished} executions one after the other, each with a
     * branch, a step and a key of {@code keyLength} characters.
     */
    private static Path journal(Path dir, int finished, int keyLength) {
        long t = System.currentTimeMillis() - 60_000;
        try (TestJournal j = new TestJournal(dir)) {
            j.write(started("open-1", null, "k1", t), step("open-1", 0));
            j.write(started("open-2", null, "k2", t), step("open-2", 0));
            String pad = "k".repeat(keyLength);
            for (int i = 0; i < finished; i++) {
                String id = "ex-" + i;
                j.write(
                        started(id, null, pad + i, t),
                        step(BranchIds.fork(id, 0), 0),
                        step(id, 1),
                        finished(id, ExecutionState.COMPLETED, t));
            }
        }
        return dir;
    }

    @Test
    void thePassesHoldOnlyTheExecutionsOpenAtOnce() throws Exception {
        int n = 3_000;
        Path dir = journal(tmp.resolve("journal"), n, 8);

        OperatorActions actions = OperatorActions.read(dir);
        int[] finished = {0};
        JournalStream stream = JournalStream.read(dir, actions, e -> finished[0]++);
        assertEquals(n, finished[0]);
        assertEquals(2, stream.unfinished().size());
        assertEquals(3, stream.mostOpen(), "the two unfinished ones and the one running at each point");

        ExecutionFinder finder =
                ExecutionFinder.byId("ex-" + (n - 1), true, false, actions).scan(dir);
        assertEquals("ex-" + (n - 1), finder.one().id());
        assertEquals(
                3, finder.one().records.size(), "its branch's step, its step, its finish (the start is kept apart)");
        // "ex-1" is a full id and a prefix of "ex-10".."ex-1999", which start after it: the full id wins, and none
        // of them is held
        ExecutionFinder prefixed =
                ExecutionFinder.byId("ex-1", true, false, actions).scan(dir);
        assertEquals("ex-1", prefixed.one().id());
        assertEquals(1, prefixed.mostHeld());
        // "ex-" is a prefix of every one: the first is held until the second shows it is ambiguous
        ExecutionFinder ambiguous =
                ExecutionFinder.byId("ex-", false, false, actions).scan(dir);
        CliException refused = assertThrows(CliException.class, ambiguous::one);
        assertTrue(refused.getMessage().contains("matches " + n + " executions"), refused.getMessage());
        assertEquals(1, ambiguous.mostHeld());
    }

    @Test
    void listStatsAndShowRunInAHeapTooSmallToHoldEveryExecution() throws Exception {
        // 40,000 keys of 1,000 characters: 40 MB of strings if every execution were held even as a summary row;
        // the commands get a 24 MB heap
        int n = 40_000;
        Path dir = journal(tmp.resolve("journal"), n, 1_000);
        String j = dir.toString();

        Child list = child("list", "--journal", j, "--limit", "3");
        assertEquals(0, list.code, list.out);
        String[] rows = list.out.split("\n");
        assertEquals(4, rows.length, list.out);
        assertTrue(
                rows[1].startsWith("ex-" + (n - 1) + " "), "the last one finished, then the unfinished: " + list.out);
        assertTrue(rows[3].startsWith("open-2 "), list.out);

        Child stats = child("stats", "--journal", j, "--json");
        assertEquals(0, stats.code, stats.out);
        Map<?, ?> states = (Map<?, ?>) ((Map<?, ?>) Json.parse(stats.out.trim())).get("executions");
        assertEquals(n, ((BigDecimal) states.get("COMPLETED")).intValueExact(), stats.out);
        assertEquals(2, ((BigDecimal) states.get("RUNNING")).intValueExact(), stats.out);

        Child show = child("show", "--journal", j, "ex-0");
        assertEquals(0, show.code, show.out);
        assertTrue(show.out.contains("state      COMPLETED"), show.out);
    }

    private record Child(int code, String out) {}

    private static Child child(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the command ended");
        return new Child(p.exitValue(), out);
    }
}
