package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The table of completed executions against a plain model (a deque of rows): adds, deletions in the middle, the
 * oldest leaving, growth and shrinking, colliding hashes, in random order.
 */
class HashedRowRingTest {
    /** A row of the model: two keys and a payload. */
    private record Row(long seq, long a, long b, long payload, boolean[] cleared) {}

    private static long expectedFind(Deque<Row> model, boolean byA, long key) {
        long best = -1;
        for (Row r : model) {
            if (!r.cleared()[0] && (byA ? r.a() : r.b()) == key) {
                best = Math.max(best, r.seq());
            }
        }
        return best;
    }

    @RepeatedTest(5)
    void behavesAsADequeOfRowsFoundByTheirYoungestKey() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        HashedRowRing ring = new HashedRowRing(3, 0, 1);
        Deque<Row> model = new ArrayDeque<>();
        int keySpace = 50 + random.nextInt(5_000); // small spaces make many rows share a key
        for (int op = 0; op < 30_000; op++) {
            int what = random.nextInt(100);
            int phase = (op / 5_000) % 2; // grows, then drains, so the ring also shrinks
            if (what < (phase == 0 ? 60 : 30)) {
                long a = 1 + random.nextInt(keySpace);
                long b = 1 + random.nextInt(keySpace);
                long payload = random.nextLong();
                long seq = ring.add(a, b, payload);
                model.add(new Row(seq, a, b, payload, new boolean[1]));
            } else if (what < 70 && !model.isEmpty()) {
                Row oldest = model.poll();
                assertEquals(oldest.seq(), ring.oldest(), "seed " + seed);
                ring.removeOldest();
            } else if (what < 75 && !model.isEmpty()) {
                Row r = model.stream()
                        .skip(random.nextInt(model.size()))
                        .findFirst()
                        .orElseThrow();
                ring.clear(r.seq());
                r.cleared()[0] = true;
            } else {
                boolean byA = random.nextBoolean();
                long key = 1 + random.nextInt(keySpace);
                long expected = expectedFind(model, byA, key);
                long found = ring.find(byA ? 0 : 1, key);
                assertEquals(expected, found, "seed " + seed + " op " + op);
                if (found >= 0) {
                    long f = found;
                    Row r = model.stream().filter(x -> x.seq() == f).findFirst().orElseThrow();
                    assertEquals(r.payload(), ring.get(found, 2), "seed " + seed);
                    assertEquals(true, ring.isLive(found));
                }
            }
            assertEquals(model.size(), ring.size(), "seed " + seed);
        }
        // what a checkpoint writes and the next start reads finds the same rows
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ring.copy().writeTo(new DataOutputStream(bytes));
        HashedRowRing read = new HashedRowRing(3, 0, 1);
        read.readFrom(ByteBuffer.wrap(bytes.toByteArray()));
        assertEquals(ring.size(), read.size());
        for (long key = 1; key <= keySpace; key++) {
            assertEquals(ring.find(0, key), read.find(0, key), "seed " + seed);
            assertEquals(ring.find(1, key), read.find(1, key), "seed " + seed);
        }
        read.add(keySpace + 1, keySpace + 1, 0);
        assertEquals(ring.size() + 1, read.size(), "the ring read goes on as any other");
    }

    @Test
    void rowsSharingAKeyTakeOneCellAndTheYoungestLeads() {
        HashedRowRing ring = new HashedRowRing(2, 0, 1);
        int rows = 20_000;
        for (int i = 0; i < rows; i++) {
            ring.add(42, 1 + i); // one key shared by all (the same call made again and again), one key each
        }
        // a cell per twin would make each insert and find walk past all the older ones
        assertEquals(1, ring.occupiedCells(0), "the shared key has one cell");
        assertEquals(rows, ring.occupiedCells(1), "distinct keys have a cell each");
        assertEquals(rows - 1, ring.find(0, 42));
        ring.clear(rows - 1);
        assertEquals(rows - 2, ring.find(0, 42), "with the youngest cleared, the next youngest leads");
        for (int i = 0; i < rows - 2; i++) {
            ring.removeOldest();
        }
        assertEquals(rows - 2, ring.find(0, 42));
        ring.removeOldest();
        assertEquals(-1, ring.find(0, 42), "only the cleared row is left");
    }

    @Test
    void aRowThatLeftIsNotFoundThoughItsCellIsStillThere() {
        HashedRowRing ring = new HashedRowRing(2, 0);
        long seq = ring.add(42, 7);
        assertEquals(seq, ring.find(0, 42));
        ring.removeOldest();
        assertEquals(-1, ring.find(0, 42));
        long next = ring.add(43, 8); // takes the same position in the ring
        assertEquals(-1, ring.find(0, 42));
        assertEquals(next, ring.find(0, 43));
    }
}
