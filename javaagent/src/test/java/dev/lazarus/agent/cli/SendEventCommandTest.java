package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.engine.Inbox;
import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.RecordCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the command line: malformed events are refused with one line and exit 2, and
 * never reach the inbox or the journal's segments. The end-to-end cases (a running and a stopped
 * application) are in it-tests' {@code CliEventsTest}; this is the matrix, without child JVMs.
 */
class SendEventCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A journal where execution ex-1 waits for approval/doc-1 with a payload {approved: boolean, by: string}. */
    private Path waitingJournal() {
        Path dir = tmp.resolve("journal");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), (l, t, p) -> {})) {
            ExecutionStarted s = new ExecutionStarted(
                    "ex-1",
                    null,
                    "demo#review",
                    "doc-1",
                    true,
                    "demo.App",
                    "review",
                    "(Ljava/lang/String;)V",
                    false,
                    new byte[] {1},
                    1L);
            log.append(RecordCodec.typeOf(s), RecordCodec.encode(s));
            AwaitStarted a = new AwaitStarted(
                    "ex-1",
                    0,
                    "App.java:20",
                    "approval",
                    "doc-1",
                    "demo.Approval",
                    "{\"object\":{\"approved\":\"boolean\",\"by\":\"string\"}}",
                    Long.MAX_VALUE);
            log.append(RecordCodec.typeOf(a), RecordCodec.encode(a));
        }
        return dir;
    }

    private static List<Path> inbox(Path journal) throws Exception {
        Path inbox = journal.resolve("inbox");
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(inbox)) {
            return s.toList();
        }
    }

    private static byte[] segment(Path journal) throws Exception {
        return Files.readAllBytes(journal.resolve("segment-0000000001.log"));
    }

    private static void assertRefused(Run r, String why) {
        assertEquals(2, r.code, why + ": " + r.err + r.out);
        String[] lines = r.err.split("\n");
        assertEquals(1, lines.length, why + ": one line: " + r.err);
        assertTrue(lines[0].startsWith("lazarus send-event: "), why + ": " + lines[0]);
        assertEquals("", r.out, why);
    }

    @Test
    void malformedEventsAreRefusedAndNeverQueued() throws Exception {
        Path journal = waitingJournal();
        byte[] before = segment(journal);
        String j = journal.toString();
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String[][] cases = {
            {"truncated JSON", "{\"approved\": tr"},
            {"trailing garbage", "{\"approved\": true, \"by\": \"ann\"} x"},
            {"single quotes", "{'approved': true}"},
            {"unquoted key", "{approved: true, by: \"ann\"}"},
            {"bad escape", "{\"approved\": true, \"by\": \"a\\qb\"}"},
            {"NaN", "{\"approved\": true, \"by\": NaN}"},
            {"empty", ""},
            {"nesting 100000 deep", deep},
            {"wrong type for a field", "{\"approved\": \"yes\", \"by\": \"ann\"}"},
            {"a list where an object is awaited", "[true, \"ann\"]"},
            {"number where a string is awaited", "{\"approved\": true, \"by\": 7}"},
        };
        for (String[] c : cases) {
            assertRefused(run("send-event", "--journal", j, "approval", "doc-1", c[1]), c[0]);
        }
        assertRefused(run("send-event", "--journal", j, "approval", "doc-1"), "missing JSON");
        assertRefused(run("send-event", "--journal", j, "approval"), "missing KEY and JSON");
        assertRefused(run("send-event", "--journal", j, "approval", "doc-1", "{}", "extra"), "extra argument");
        assertRefused(run("send-event", "approval", "doc-1", "{}"), "missing --journal");
        assertRefused(run("send-event", "--journal"), "--journal without a value");
        assertRefused(run("send-event", "--journal", tmp.resolve("absent").toString(), "a", "b", "{}"), "no journal");
        assertRefused(run("send-event", "--journal", j, "--bogus", "a", "b", "{}"), "unknown option");

        assertEquals(List.of(), inbox(journal), "nothing malformed was queued");
        assertArrayEquals(before, segment(journal), "the command line never writes a segment");

        // the well-formed event is accepted and queued, owner-only, still without touching a segment
        Run ok = run("send-event", "--journal", j, "approval", "doc-1", "{\"approved\": true, \"by\": \"ann\"}");
        assertEquals(0, ok.code, ok.err);
        assertEquals(1, inbox(journal).size());
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(journal.resolve("inbox"))));
        assertArrayEquals(before, segment(journal));
    }

    /** Random and mutated texts: the parser answers with a value or a JsonException, nothing else. */
    @Test
    void jsonParserFuzz() {
        Random random = new Random(6);
        String[] seeds = {
            "{\"approved\": true, \"by\": \"ann\", \"n\": [1, 2.5e3, -0.1, null]}",
            "[[[[{\"a\":{\"b\":[\"\\u00e9\\n\"]}}]]]]",
            "\"x\"",
            "123456789012345678901234567890e-400"
        };
        String alphabet = "{}[]\":,\\ue0123456789.-+ tfnrlsaE\u00e9\u0000\n";
        int errors = 0;
        for (int i = 0; i < 20_000; i++) {
            String text;
            if (i % 2 == 0) {
                StringBuilder sb = new StringBuilder(seeds[random.nextInt(seeds.length)]);
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && sb.length() > 0; e++) {
                    int at = random.nextInt(sb.length());
                    switch (random.nextInt(3)) {
                        case 0 -> sb.deleteCharAt(at);
                        case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                text = sb.toString();
            } else {
                char[] c = new char[random.nextInt(40)];
                for (int k = 0; k < c.length; k++) {
                    c[k] = alphabet.charAt(random.nextInt(alphabet.length()));
                }
                text = new String(c);
            }
            try {
                Json.parse(text);
            } catch (JsonException expected) {
                errors++;
            }
        }
        assertTrue(errors > 10_000, "most mutations are malformed: " + errors);
    }

    /** Only waits in progress check the payload: a consumed wait, and a branch's wait whose execution finished, do not. */
    @Test
    void waitsThatAreOverDoNotCheckThePayload() {
        Path dir = tmp.resolve("journal");
        long t = System.currentTimeMillis();
        try (TestJournal j = new TestJournal(dir)) {
            // both wait for a string ("\"string\"") on approval/doc-1
            j.append(TestJournal.started("ex-1", null, "doc-1", t), TestJournal.await("ex-1", 0, "approval", "doc-1"));
            j.append(TestJournal.consumed("ex-1", 1, "ev-0", t));
            String branch = BranchIds.fork("ex-2", 0);
            j.append(TestJournal.started("ex-2", null, "doc-2", t), TestJournal.await(branch, 0, "approval", "doc-1"));
        }
        String j = dir.toString();
        assertRefused(run("send-event", "--journal", j, "approval", "doc-1", "42"), "ex-2's branch waits for a string");

        try (TestJournal more = new TestJournal(dir)) {
            more.append(TestJournal.finished("ex-2", ExecutionState.FAILED, t));
        }
        Run ok = run("send-event", "--journal", j, "approval", "doc-1", "42");
        assertEquals(0, ok.code, "no wait in progress: " + ok.err);
    }

    @Test
    void anEventOverTheInboxLimitIsRefusedUpFront() throws Exception {
        Path journal = waitingJournal();
        String big = "{\"approved\": true, \"by\": \"" + "x".repeat(Inbox.MAX_FILE_BYTES) + "\"}";
        Run r = run("send-event", "--journal", journal.toString(), "approval", "doc-1", big);
        assertRefused(r, "over the limit");
        assertTrue(r.err.contains("the event is "), "refused before anything is read or written: " + r.err);
        assertTrue(r.err.contains("over the inbox's limit of " + Inbox.MAX_FILE_BYTES + " bytes"), r.err);
        assertEquals(List.of(), inbox(journal), "nothing queued");
    }

    @Test
    void aSymlinkedInboxIsRefusedNeitherChmoddedNorWrittenInto() throws Exception {
        Path journal = waitingJournal();
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(journal.resolve("inbox"), elsewhere);
        Run r = run("send-event", "--journal", journal.toString(), "approval", "doc-1", "{\"approved\": true}");
        assertRefused(r, "a symlinked inbox");
        assertTrue(r.err.contains("is a symbolic link"), r.err);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)));
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(), s.toList(), "nothing written through the link");
        }
    }
}
