package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's checkpoint: a start reads it and scans only what came after it (or after the oldest unfinished
 * execution), with the same answers as a whole scan; a checkpoint that does not match its journal, or is damaged, is
 * ignored and the journal scanned whole.
 */
class IndexCheckpointTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Orders.java", 30);

    @TempDir
    Path other;

    /** An order with an explicit key: one outside call, after waiting for a "go" event when asked to. */
    final class Orders {
        final TestDurable place = TestDurable.of(Orders.class, "place", 0);
        final World.Service service = world.new Service();
        final AtomicInteger bodies = new AtomicInteger();
        volatile boolean waitForGo;

        String place(String orderId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) place.call(h.engine(), this, orderId);
            }
            bodies.incrementAndGet();
            String key = orderId;
            if (waitForGo) {
                Optional<String> go = h.engine().awaitEvent("go", key, String.class, Duration.ofDays(7));
                key = key + " (" + go.orElse("no go") + ")";
            }
            return (String) FIND.call(h.engine(), service, key);
        }
    }

    private static List<String> placeAll(Orders orders, String prefix, int n) throws Throwable {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(orders.place(prefix + i));
        }
        return results;
    }

    private static void assertAnswered(Orders orders, String prefix, List<String> results) throws Throwable {
        int bodies = orders.bodies.get();
        for (int i = 0; i < results.size(); i++) {
            assertEquals(results.get(i), orders.place(prefix + i), prefix + i);
        }
        assertEquals(bodies, orders.bodies.get(), "answered from the journal, no body ran");
    }

    @Test
    void aStartAfterAGracefulStopReadsTheCheckpointAndScansAlmostNothing() throws Throwable {
        Orders orders = new Orders();
        List<String> results = placeAll(orders, "o-", 200);
        long records = h.records().size();
        h.restart();
        assertTrue(Files.exists(dir.resolve(IndexCheckpoint.FILE)));
        assertTrue(
                h.index().recordsApplied() < records / 10,
                h.index().recordsApplied() + " of " + records + " records read at the start");
        assertAnswered(orders, "o-", results);
    }

    @Test
    void aWaitingExecutionAndWhatCameAfterTheCheckpointSurviveAKill() throws Throwable {
        Orders orders = new Orders();
        orders.waitForGo = true;
        Running<String> waiting = h.start(() -> orders.place("w-1"));
        h.clock.awaitWaiting(waiting.thread());
        orders.waitForGo = false;
        List<String> before = placeAll(orders, "a-", 100);
        h.restart(); // the checkpoint: the waiting execution is older than it, the completed ones are rows
        List<String> after = placeAll(orders, "b-", 100);
        h.engine().sendEvent("go", "nobody-yet", "early"); // pending, sent after the checkpoint
        h.crash(); // no checkpoint of this moment: the records since the last one are scanned

        assertAnswered(orders, "a-", before);
        assertAnswered(orders, "b-", after);
        orders.waitForGo = true;
        Running<String> resumed = h.start(() -> orders.place("w-1"));
        h.clock.awaitWaiting(resumed.thread());
        h.engine().sendEvent("go", "w-1", "go");
        assertEquals("found w-1 (go) #1", resumed.join(), "the waiting execution resumed");
        assertEquals("found nobody-yet (early) #1", orders.place("nobody-yet"), "the pending event was kept");
    }

    @Test
    void aCheckpointOfAnotherJournalIsIgnoredAndTheJournalScannedWhole() throws Throwable {
        Orders orders = new Orders();
        List<String> mine = placeAll(orders, "o-", 60);
        h.close();
        h = new EngineHarness(other);
        List<String> theirs = placeAll(orders, "x-", 80); // more records: the checkpoint's lsn exists here too
        h.close();
        Files.copy(
                dir.resolve(IndexCheckpoint.FILE),
                other.resolve(IndexCheckpoint.FILE),
                StandardCopyOption.REPLACE_EXISTING);
        h = new EngineHarness(other);

        assertAnswered(orders, "x-", theirs);
        int bodies = orders.bodies.get();
        assertNotEquals(mine.get(0), orders.place("o-0"), "the first journal's executions are not here");
        assertEquals(bodies + 1, orders.bodies.get());
    }

    @Test
    void aDamagedCheckpointIsIgnored() throws Throwable {
        Orders orders = new Orders();
        List<String> results = placeAll(orders, "o-", 50);
        h.close();
        Path file = dir.resolve(IndexCheckpoint.FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        h = new EngineHarness(dir);
        assertAnswered(orders, "o-", results);
    }

    @Test
    void aCheckpointThatIsALinkOrNotARegularFileIsNeverRead(@TempDir Path other) throws Exception {
        Path dir = Files.createDirectory(other.resolve("journal"));
        Path elsewhere = Files.writeString(other.resolve("elsewhere"), "not ours");
        Files.createSymbolicLink(dir.resolve(IndexCheckpoint.FILE), elsewhere);
        java.io.IOException link = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> IndexCheckpoint.read(dir));
        assertTrue(link.getMessage().contains("symbolic link"), link.getMessage());
        assertEquals("not ours", Files.readString(elsewhere));

        Files.delete(dir.resolve(IndexCheckpoint.FILE));
        Process mkfifo =
                new ProcessBuilder("mkfifo", dir.resolve(IndexCheckpoint.FILE).toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        // opening a named pipe waits for a writer: read at start-up, it would hang the application's start
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> assertThrows(java.io.IOException.class, () -> IndexCheckpoint.read(dir)));
    }
}
