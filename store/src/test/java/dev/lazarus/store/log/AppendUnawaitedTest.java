package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.reopen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.FaultyOpener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JournalLog#appendUnawaited} and {@link JournalLog#awaitDurable}: many records made durable with one write
 * and one sync (the inbox's files at start-up), judged by counting the writes and syncs the journal asks of its
 * files, never by timing.
 */
@Timeout(60)
class AppendUnawaitedTest {
    @TempDir
    Path tmp;

    private JournalLog open(Durability durability, FaultyOpener opener) {
        return JournalLog.open(
                tmp.resolve("j"),
                LogOptions.defaults().withDurability(durability).withFileOpener(opener),
                (lsn, type, payload) -> {});
    }

    @Test
    void twoThousandRecordsAwaitedOnceCostOneWriteAndOneSync() {
        FaultyOpener opener = new FaultyOpener();
        long last;
        try (JournalLog log = open(Durability.FSYNC, opener)) {
            int writes = opener.writes.get();
            int syncs = opener.dataForces.get();
            last = 0;
            for (int i = 0; i < 2_000; i++) {
                last = log.appendUnawaited((byte) 1, bytes("event " + i));
            }
            assertEquals(writes, opener.writes.get(), "nothing written before the caller awaits");
            log.awaitDurable(last);
            assertEquals(writes + 1, opener.writes.get(), "one write for all of them");
            assertEquals(syncs + 1, opener.dataForces.get(), "and one sync");
            assertEquals(last, log.durableLsn());
            log.awaitDurable(last); // already durable: nothing more
            assertEquals(syncs + 1, opener.dataForces.get());
        }
        Collector c = reopen(tmp.resolve("j"));
        assertEquals(2_000, c.records.size());
        assertEquals("event 1999", c.records.get(1_999).text());
    }

    @Test
    void whatNobodyWaitsForStaysUnderAMegabyte() {
        FaultyOpener opener = new FaultyOpener();
        try (JournalLog log = open(Durability.FSYNC, opener)) {
            int writes = opener.writes.get();
            byte[] kb = new byte[1024];
            long last = 0;
            for (int i = 0; i < 4 * 1024; i++) { // 4 MiB in all
                last = log.appendUnawaited((byte) 1, kb);
            }
            int written = opener.writes.get() - writes;
            assertTrue(written >= 3 && written <= 4, "a write per MiB pending, not per record: " + written);
            log.awaitDurable(last);
            assertEquals(last, log.durableLsn());
        }
        assertEquals(4 * 1024, reopen(tmp.resolve("j")).records.size());
    }

    @ParameterizedTest
    @EnumSource(
            value = Durability.class,
            names = {"PROCESS", "ASYNC"})
    void awaitDurableMeansWhatAppendMeansInEachMode(Durability durability) {
        FaultyOpener opener = new FaultyOpener();
        try (JournalLog log = open(durability, opener)) {
            long last = 0;
            for (int i = 0; i < 100; i++) {
                last = log.appendUnawaited((byte) 1, bytes("e" + i));
            }
            log.awaitDurable(last);
            if (durability == Durability.PROCESS) {
                assertEquals(last, log.durableLsn(), "written to the operating system, as append leaves it");
            }
        }
        assertEquals(100, reopen(tmp.resolve("j")).records.size());
    }

    /**
     * Records appended unawaited have no waiter: an ordinary append that needs room behind them must write them
     * itself, not wait for a writer that will never come.
     */
    @Test
    void anAppendThatNeedsRoomWritesABatchNobodyWaitsFor() throws Exception {
        FaultyOpener opener = new FaultyOpener();
        try (JournalLog log = open(Durability.FSYNC, opener)) {
            log.appendUnawaited((byte) 1, bytes("small, unawaited"));
            byte[] big = new byte[16 << 20]; // with the pending record, more than the 16 MiB a batch may hold
            long lsn = CompletableFuture.supplyAsync(() -> log.append((byte) 2, big))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(2, lsn);
            assertEquals(2, log.durableLsn());
        }
        assertEquals(2, reopen(tmp.resolve("j")).records.size());
    }

    @Test
    void awaitingWhileOthersAppendEndsWithEverythingDurable() throws Exception {
        FaultyOpener opener = new FaultyOpener();
        try (JournalLog log = open(Durability.FSYNC, opener)) {
            List<CompletableFuture<Void>> others = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                others.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 500; i++) {
                        log.append((byte) 2, bytes("other " + i));
                    }
                }));
            }
            for (int round = 0; round < 50; round++) {
                long last = 0;
                for (int i = 0; i < 40; i++) {
                    last = log.appendUnawaited((byte) 1, bytes("mine " + round + "/" + i));
                }
                log.awaitDurable(last);
                assertTrue(log.durableLsn() >= last, "round " + round);
            }
            for (CompletableFuture<Void> o : others) {
                o.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(4 * 500 + 50 * 40, reopen(tmp.resolve("j")).records.size());
    }

    @Test
    void anLsnNeverAssignedIsRefused() {
        try (JournalLog log = open(Durability.FSYNC, new FaultyOpener())) {
            log.append((byte) 1, bytes("one"));
            assertThrows(IllegalArgumentException.class, () -> log.awaitDurable(5));
        }
    }
}
