package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.json.Json;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, read in one streaming pass: finished executions in the order they finished, then the unfinished
 * ones in the order they started; deleted ones never; a finish a later retry undid is not a finish; the filters
 * and {@code --limit} (the last N rows).
 */
class ListCommandTest {
    @TempDir
    Path tmp;

    private static List<String[]> rows(String out) {
        List<String[]> rows = new ArrayList<>();
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("ID "), "a header first: " + out);
        for (int i = 1; i < lines.length; i++) {
            String[] c = lines[i].trim().split("\\s+");
            rows.add(new String[] {c[0], c[1], c[3]}); // id, state, steps (age is column 2)
        }
        return rows;
    }

    private static List<String[]> expected(String... ids) {
        List<String> wanted = Arrays.asList(ids);
        List<String[]> rows = new ArrayList<>();
        for (String[] row : OperatedJournal.LISTED) {
            if (wanted.contains(row[0])) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static void assertRows(List<String[]> expected, List<String[]> actual, String context) {
        assertEquals(
                expected.stream().map(Arrays::toString).toList(),
                actual.stream().map(Arrays::toString).toList(),
                context);
    }

    @Test
    void finishedExecutionsInTheOrderTheyFinishedThenTheUnfinishedNeverTheDeleted() {
        OperatedJournal journal = new OperatedJournal(tmp.resolve("journal"));
        String j = journal.dir.toString();

        SendEventCommandTest.Run all = SendEventCommandTest.run("list", "--journal", j);
        assertEquals(0, all.code(), all.err());
        assertRows(Arrays.asList(OperatedJournal.LISTED), rows(all.out()), all.out());

        SendEventCommandTest.Run waiting = SendEventCommandTest.run("list", "--journal", j, "--state", "waiting");
        assertRows(expected("b", "f"), rows(waiting.out()), waiting.out());

        SendEventCommandTest.Run last = SendEventCommandTest.run("list", "--journal", j, "--limit", "3");
        List<String[]> all7 = Arrays.asList(OperatedJournal.LISTED);
        assertRows(all7.subList(all7.size() - 3, all7.size()), rows(last.out()), "the last three: " + last.out());

        SendEventCommandTest.Run none = SendEventCommandTest.run("list", "--journal", j, "--name", "Other#");
        assertRows(List.of(), rows(none.out()), none.out());
    }

    @Test
    void jsonIsOneArrayOfTheSameRows() throws Exception {
        OperatedJournal journal = new OperatedJournal(tmp.resolve("journal"));
        for (String[] limit : new String[][] {{}, {"--limit", "2"}}) {
            List<String> args = new ArrayList<>(List.of("list", "--journal", journal.dir.toString(), "--json"));
            args.addAll(Arrays.asList(limit));
            SendEventCommandTest.Run run = SendEventCommandTest.run(args.toArray(String[]::new));
            assertEquals(0, run.code(), run.err());
            List<?> parsed = (List<?>) Json.parse(run.out().trim());
            List<String[]> rows = new ArrayList<>();
            for (Object o : parsed) {
                Map<?, ?> row = (Map<?, ?>) o;
                rows.add(new String[] {
                    (String) row.get("id"), (String) row.get("state"), ((BigDecimal) row.get("steps")).toString()
                });
                if (row.get("id").equals("e/1")) {
                    assertEquals("e", row.get("parent"));
                }
            }
            List<String[]> all = Arrays.asList(OperatedJournal.LISTED);
            assertRows(limit.length == 0 ? all : all.subList(all.size() - 2, all.size()), rows, run.out());
        }
    }

    @Test
    void badOptionsAreRefusedWithOneLine() {
        OperatedJournal journal = new OperatedJournal(tmp.resolve("journal"));
        String j = journal.dir.toString();
        for (String[] args : new String[][] {
            {"list", "--journal", j, "--limit", "0"},
            {"list", "--journal", j, "--limit", "ten"},
            {"list", "--journal", j, "--state", "SLEEPY"},
            {"list", "--journal", tmp.resolve("nowhere").toString()},
        }) {
            SendEventCommandTest.Run run = SendEventCommandTest.run(args);
            assertEquals(2, run.code(), Arrays.toString(args));
            assertEquals(1, run.err().split("\n").length, run.err());
            assertTrue(run.err().startsWith("lazarus list: "), run.err());
        }
    }
}
