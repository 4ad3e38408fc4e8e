package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.ForwardingLogFile;
import dev.lazarus.store.log.LogFile;
import dev.lazarus.store.log.LogFileOpener;
import dev.lazarus.store.record.EventSent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox as a trust boundary (SPEC §7.6): whatever is dropped into {@code <journal>/inbox/}, start-up
 * completes, each bad entry is set aside once with one line that names it (escaped), and a good event queued
 * after it is still delivered. A hang (a named pipe opened) fails the test through the timeout, on a thread of
 * its own; nothing waits on real time otherwise.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InboxTest {
    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private final RecordingLogger log = new RecordingLogger();
    private final CountingOpener files = new CountingOpener();
    private final List<Path> pipes = new ArrayList<>();
    private Path inbox;
    private EngineHarness h;

    /** Counts the syncs the journal asks of its segment files. */
    static final class CountingOpener implements LogFileOpener {
        final AtomicInteger syncs = new AtomicInteger();

        @Override
        public LogFile open(Path file, boolean create) throws IOException {
            return new ForwardingLogFile(LogFileOpener.standard().open(file, create)) {
                @Override
                public void force(boolean metadata) throws IOException {
                    syncs.incrementAndGet();
                    super.force(metadata);
                }
            };
        }
    }

    @BeforeEach
    void makeInbox() throws IOException {
        inbox = dir.resolve("inbox");
        Files.createDirectories(
                inbox, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        // if a regression opened a pipe and hangs in it, the test has failed by its timeout; a writer ends the open,
        // so that closing the engine (which waits for the inbox) does not hang the build too
        for (Path pipe : pipes) {
            if (Files.exists(pipe, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Thread writer = new Thread(() -> {
                    try {
                        Files.newOutputStream(pipe).close();
                    } catch (IOException e) {
                        // nobody was reading it
                    }
                });
                writer.setDaemon(true); // with no reader the open waits: never for the build
                writer.start();
            }
        }
        if (h != null) {
            h.close();
        }
    }

    private EngineHarness start() {
        return start("");
    }

    private EngineHarness start(String options) {
        h = new EngineHarness(dir, "recover=manual" + options, log, files);
        return h;
    }

    private static String event(String name, String key, String payloadJson) {
        return "{\"name\":\"" + name + "\",\"key\":\"" + key + "\",\"payload\":" + payloadJson + ",\"sentAt\":1}";
    }

    /** A good event, named to sort after every bad entry the tests make. */
    private void queueGoodEvent() throws IOException {
        Files.writeString(inbox.resolve("ev-zzz-good.json"), event("go", "k", "\"yes\""));
    }

    private void assertGoodEventDelivered() {
        assertTrue(
                h.records(EventSent.class).stream().anyMatch(e -> e.eventId().equals("ev-zzz-good")),
                "the good event queued after the bad entry is recorded");
        assertEquals(Optional.of("yes"), h.engine().awaitEvent("go", "k", String.class, Duration.ofDays(1)));
        assertFalse(Files.exists(inbox.resolve("ev-zzz-good.json")), "and its file deleted");
    }

    private List<String> eventIds() {
        return h.records(EventSent.class).stream().map(EventSent::eventId).toList();
    }

    /**
     * The entry {@code name} was set aside once at start-up, with one line naming it (escaped) that carries
     * {@code code} and {@code why}, and further rounds of the inbox say nothing more about it.
     */
    private void assertSetAsideOnce(String name, String code, String why) {
        String escaped = LogText.escape(name);
        List<String> lines = log.linesWith(escaped);
        assertEquals(1, lines.size(), "one line names " + escaped + ": " + log.lines());
        assertTrue(lines.get(0).contains(code) && lines.get(0).contains(why), lines.get(0));
        assertTrue(lines.get(0).contains(escaped + ".rejected"), "renamed aside: " + lines.get(0));
        assertTrue(Files.exists(inbox.resolve(name + ".rejected"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(inbox.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        for (int round = 0; round < 3; round++) {
            h.engine().inbox().ingest();
        }
        assertEquals(1, log.linesWith(escaped).size(), "reported once: " + log.lines());
        for (String line : log.lines()) {
            assertFalse(line.contains("\n") || line.contains("\r"), "a log line stays one line: " + line);
        }
    }

    private void mkfifo(Path file) throws Exception {
        pipes.add(file);
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", file.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo here: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo failed");
    }

    @Test
    void aNamedPipeIsSetAsideWithoutBeingOpenedAndStartUpCompletes() throws Exception {
        mkfifo(inbox.resolve("ev-aaa-pipe.json"));
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-pipe.json", "LAZ-505", "not a regular file");
    }

    @Test
    void aNamedPipeDroppedWhileTheApplicationRunsDoesNotBlockLaterEvents() throws Exception {
        start();
        mkfifo(inbox.resolve("ev-aaa-pipe.json"));
        queueGoodEvent();
        h.engine().inbox().ingest();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-pipe.json", "LAZ-505", "not a regular file");
    }

    @Test
    void aLinkToDevZeroIsNotFollowed() throws Exception {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        Files.createSymbolicLink(inbox.resolve("ev-aaa-zero.json"), zero);
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-zero.json", "LAZ-505", "a symbolic link, not followed");
        assertTrue(Files.isSymbolicLink(inbox.resolve("ev-aaa-zero.json.rejected")), "the link itself was moved");
    }

    @Test
    void aLinkToAFileElsewhereIsNeitherReadNorDeleted() throws Exception {
        Path target = outside.resolve("someone-elses.json");
        String content = event("go", "k", "\"from outside\"");
        Files.writeString(target, content);
        Files.createSymbolicLink(inbox.resolve("ev-aaa-link.json"), target);
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-link.json", "LAZ-505", "a symbolic link, not followed");
        assertFalse(eventIds().contains("ev-aaa-link"), "what the link leads to was not read");
        assertEquals(content, Files.readString(target), "the target is untouched");
        assertEquals(
                List.of(),
                h.records(EventSent.class).stream()
                        .filter(e -> e.json().contains("outside"))
                        .toList());
    }

    @Test
    void aDirectoryNamedLikeAnEventIsSetAside() throws Exception {
        Files.createDirectory(inbox.resolve("ev-aaa-dir.json"));
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-dir.json", "LAZ-505", "a directory, not a file");
    }

    @Test
    void aFileOverTheLimitIsSetAsideUnread() throws Exception {
        String big = "\"" + "x".repeat(Inbox.MAX_FILE_BYTES) + "\"";
        Files.writeString(inbox.resolve("ev-aaa-big.json"), event("go", "big", big));
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-big.json", "LAZ-505", "over the inbox's limit of " + Inbox.MAX_FILE_BYTES);
        assertFalse(eventIds().contains("ev-aaa-big"));
    }

    @Test
    void aFileAtTheLimitIsTaken() throws Exception {
        String shell = event("go", "k", "\"\"");
        String payload = "\"" + "x".repeat(Inbox.MAX_FILE_BYTES - shell.length()) + "\"";
        String content = event("go", "k", payload);
        assertEquals(Inbox.MAX_FILE_BYTES, content.length());
        Files.writeString(inbox.resolve("ev-at-limit.json"), content);
        start();
        assertTrue(eventIds().contains("ev-at-limit"));
        assertEquals(List.of(), log.linesWith("LAZ-505"));
    }

    @Test
    void malformedJsonIsSetAside() throws Exception {
        Files.writeString(inbox.resolve("ev-aaa-bad.json"), "{\"name\": \"go\", ");
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ev-aaa-bad.json", "LAZ-503", "not JSON");
    }

    @Test
    void anEventWithoutNameOrKeyIsSetAsideNotRecorded() throws Exception {
        Files.writeString(inbox.resolve("ev-aaa-nokey.json"), "{\"name\":\"go\",\"payload\":1}");
        Files.writeString(inbox.resolve("ev-aaa-noname.json"), "{\"key\":\"k\",\"payload\":1}");
        Files.writeString(inbox.resolve("ev-aaa-array.json"), "[1, 2]");
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertEquals(List.of("ev-zzz-good"), eventIds(), "nothing nobody could take was recorded");
        assertSetAsideOnce("ev-aaa-nokey.json", "LAZ-503", "needs a \"name\" and a \"key\"");
        assertSetAsideOnce("ev-aaa-noname.json", "LAZ-503", "needs a \"name\" and a \"key\"");
        assertSetAsideOnce("ev-aaa-array.json", "LAZ-503", "not a JSON object");
    }

    @Test
    void aCommandWithoutAnExecutionOrOfAnUnknownKindIsSetAside() throws Exception {
        Files.writeString(inbox.resolve("ctl-aaa-noexec.json"), "{\"control\":\"cancel\"}");
        Files.writeString(inbox.resolve("ctl-aaa-pause.json"), "{\"control\":\"pause\",\"execution\":\"x\"}");
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce("ctl-aaa-noexec.json", "LAZ-503", "without an \"execution\"");
        assertSetAsideOnce("ctl-aaa-pause.json", "LAZ-503", "unknown command");
    }

    @Test
    void aNameWithControlCharactersIsEscapedInItsOneLineAndSetAside() throws Exception {
        String name = "ev-aaa\nINFO LAZ-000: all good\u001b[2J\u202e.json";
        Files.writeString(inbox.resolve(name), event("go", "k", "\"forged\""));
        queueGoodEvent();
        start();
        assertGoodEventDelivered();
        assertSetAsideOnce(name, "LAZ-505", "not printable");
        assertEquals(
                1,
                log.linesWith("ev-aaa\\u000aINFO LAZ-000: all good\\u001b[2J\\u202e.json")
                        .size());
        assertFalse(eventIds().stream().anyMatch(id -> id.startsWith("ev-aaa")), "not recorded under that id");
    }

    @Test
    void anExistingRejectedNameGetsAnotherAndTheFileIsReportedOnce() throws Exception {
        Files.writeString(inbox.resolve("ev-aaa-bad.json"), "not json");
        Files.writeString(inbox.resolve("ev-aaa-bad.json.rejected"), "set aside earlier");
        queueGoodEvent();
        start();
        for (int round = 0; round < 5; round++) {
            h.engine().inbox().ingest();
        }
        assertGoodEventDelivered();
        List<String> lines = log.linesWith("ev-aaa-bad.json");
        assertEquals(1, lines.size(), "one line, not two every round: " + log.lines());
        assertTrue(lines.get(0).contains("ev-aaa-bad.json.2.rejected"), lines.get(0));
        assertEquals("set aside earlier", Files.readString(inbox.resolve("ev-aaa-bad.json.rejected")));
        assertEquals("not json", Files.readString(inbox.resolve("ev-aaa-bad.json.2.rejected")));
    }

    /** A name of 255 bytes leaves no room for {@code .rejected}: the rename fails, even for root. */
    @Test
    void anEntryThatCannotBeRenamedIsReportedOncePerProcess() throws Exception {
        String name = "ev-" + "a".repeat(255 - "ev-.json".length()) + ".json";
        Files.writeString(inbox.resolve(name), "not json");
        queueGoodEvent();
        start();
        for (int round = 0; round < 4; round++) {
            h.engine().inbox().ingest();
        }
        assertGoodEventDelivered();
        List<String> lines = log.linesWith(name);
        assertEquals(1, lines.size(), "once, not every round: " + log.lines());
        assertTrue(lines.get(0).contains("LAZ-503") && lines.get(0).contains("cannot be renamed"), lines.get(0));
        assertEquals("not json", Files.readString(inbox.resolve(name)), "left in place");
    }

    @Test
    void aSymlinkedInboxIsNotFollowedAndReportedOnce() throws Exception {
        Files.delete(inbox);
        Path elsewhere = Files.createDirectory(outside.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = elsewhere.resolve("ev-x.json");
        Files.writeString(file, event("go", "k", "\"x\""));
        Files.createSymbolicLink(inbox, elsewhere);
        start();
        for (int round = 0; round < 3; round++) {
            h.engine().inbox().ingest();
        }
        assertEquals(List.of(), eventIds(), "nothing read through the link");
        assertTrue(Files.exists(file), "nothing deleted there");
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(file), s.toList(), "nothing renamed there");
        }
        List<String> lines = log.linesWith("LAZ-505");
        assertEquals(1, lines.size(), "once: " + log.lines());
        assertTrue(lines.get(0).contains("is a symbolic link"), lines.get(0));
    }

    @Test
    void theCommandLineRefusesASymlinkedInboxAndLeavesItsTargetAlone() throws Exception {
        Files.delete(inbox);
        Path elsewhere = Files.createDirectory(outside.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(inbox, elsewhere);
        IOException e = assertThrows(IOException.class, () -> Inbox.write(dir, "ev-1", "go", "k", "yes"));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertThrows(IOException.class, () -> Inbox.writeControl(dir, "cancel", "x"));
        assertThrows(IOException.class, () -> Inbox.writeDelete(dir, "x", ""));
        assertEquals(
                "rwxr-xr-x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)),
                "not chmodded through the link");
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(), s.toList(), "nothing written through the link");
        }
    }

    @Test
    void theCommandLineRefusesAFileOverTheLimit() {
        String payload = "x".repeat(Inbox.MAX_FILE_BYTES);
        assertTrue(Inbox.fileSize("go", "k", payload) > Inbox.MAX_FILE_BYTES);
        IOException e = assertThrows(IOException.class, () -> Inbox.write(dir, "ev-1", "go", "k", payload));
        assertTrue(e.getMessage().contains("over the inbox's limit"), e.getMessage());
        assertFalse(Files.exists(inbox.resolve("ev-1.json")));
    }

    /**
     * 2,000 queued events at start-up are recorded with a sync or two, not one each: counted at the journal's
     * files, against a start-up with an empty inbox.
     */
    @Test
    void startUpRecordsABacklogWithOneSyncNotOneEach() throws Exception {
        start(",durability=fsync");
        h.close();
        files.syncs.set(0);
        start(",durability=fsync");
        int baseline = files.syncs.get();
        h.close();
        for (int i = 0; i < 2_000; i++) {
            Files.writeString(inbox.resolve(String.format("ev-%05d.json", i)), event("go", "k" + i, "\"yes\""));
        }
        files.syncs.set(0);
        start(",durability=fsync");
        int syncs = files.syncs.get();
        assertEquals(2_000, eventIds().size());
        try (Stream<Path> s = Files.list(inbox)) {
            assertEquals(0, s.count(), "every file deleted once recorded");
        }
        assertTrue(syncs <= baseline + 2, "start-up synced " + syncs + " times, " + baseline + " with no backlog");
    }

    /** A sink that keeps what it is given. */
    static final class KeepingSink implements Inbox.Sink {
        final List<List<InboxMessage.Event>> batches = new ArrayList<>();

        @Override
        public boolean known(String eventId) {
            return false;
        }

        @Override
        public void accept(List<InboxMessage.Event> events) {
            batches.add(List.copyOf(events));
        }

        @Override
        public void control(String command, String executionId) {}

        @Override
        public void delete(String executionId, String reason) {}
    }

    @Test
    void ingestWithinABudgetTakesAtLeastOneFileAndLeavesTheRest() throws Exception {
        for (int i = 0; i < 3; i++) {
            Files.writeString(inbox.resolve("ev-" + i + ".json"), event("go", "k", "1"));
        }
        KeepingSink sink = new KeepingSink();
        Inbox in = new Inbox(dir, sink, log, new FakeClock());
        assertFalse(in.ingest(0), "the budget ran out: the rest is left to the poller");
        assertEquals(1, sink.batches.stream().mapToInt(List::size).sum(), "one file taken");
        try (Stream<Path> s = Files.list(inbox)) {
            assertEquals(3, s.count(), "no time was left to delete the one taken");
        }
        assertTrue(in.ingest(Long.MAX_VALUE));
        assertEquals(3, sink.batches.stream().mapToInt(List::size).sum());
        assertEquals(2, sink.batches.get(1).size(), "the rest as one batch, without the one taken before");
        try (Stream<Path> s = Files.list(inbox)) {
            assertEquals(0, s.count(), "the next round deleted it with the rest");
        }
    }

    /**
     * Deleting is what a backlog's start-up spent most of its time on (about 200 µs a synced file where the file
     * system discards freed blocks): the files are deleted last, within what is left of the budget, so a round out
     * of time records events without deleting their files, and the next round deletes them without reading them.
     */
    @Test
    void filesTakenAreDeletedLastAndANextRoundDoesNotReadThemAgain() throws Exception {
        for (int i = 0; i < 5; i++) {
            Files.writeString(inbox.resolve("ev-" + i + ".json"), event("go", "k" + i, "1"));
        }
        KeepingSink sink = new KeepingSink();
        Inbox in = new Inbox(dir, sink, log, new FakeClock());
        assertFalse(in.ingest(0));
        // an unreadable file where a taken one was: a round that read it again would set it aside
        Files.delete(inbox.resolve("ev-0.json"));
        Files.writeString(inbox.resolve("ev-0.json"), "not json");
        assertTrue(in.ingest(Long.MAX_VALUE));
        assertEquals(5, sink.batches.stream().mapToInt(List::size).sum(), "each event once");
        try (Stream<Path> s = Files.list(inbox)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).toList(), "all deleted, none set aside");
        }
    }

    @Test
    void contentIsReadAsWritten() throws Exception {
        byte[] content = event("go", "k", "{\"a\":[1,2]}").getBytes(StandardCharsets.UTF_8);
        Files.write(inbox.resolve("ev-1.json"), content);
        InboxFile f = InboxFile.read(inbox.resolve("ev-1.json"));
        assertArrayEquals(content, f.content);
    }
}
