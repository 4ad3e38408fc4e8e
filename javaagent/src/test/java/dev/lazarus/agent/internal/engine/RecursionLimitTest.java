package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.LazarusException;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code @Durable} recursion has a depth limit with a one-line error (docs/SPEC.md §6.6): a durable method that calls
 * itself deeper than {@link ChildExecutionStep#MAX_DEPTH} levels gets {@code LAZ-403} at the level past the limit,
 * before that level starts, and every level ends (FAILED, with the error), none left unfinished; a restart's call of
 * the same key answers with the recorded error. Recursion within the limit is untouched.
 */
class RecursionLimitTest extends EngineTestBase {
    /** A durable method that calls itself {@code levels} times, keyed so that a second call is answered. */
    final class Tree {
        final TestDurable descend = TestDurable.of(Tree.class, "descend", 0);
        final AtomicInteger bodies = new AtomicInteger();

        int descend(String key, int levels) throws Throwable {
            if (!h.engine().enterBody()) {
                return (int) descend.call(h.engine(), this, key, levels);
            }
            bodies.incrementAndGet();
            return levels == 0 ? 0 : 1 + descend(key + "." + levels, levels - 1);
        }
    }

    @Test
    void recursionPastTheLimitFailsEveryLevelWithOneLine() throws Throwable {
        Tree tree = new Tree();
        int max = ChildExecutionStep.MAX_DEPTH;
        assertEquals(max, tree.descend("within", max), "a top-level execution and " + max + " nested ones run");
        int within = tree.bodies.getAndSet(0);
        assertEquals(max + 1, within);

        LazarusException e = assertThrows(LazarusException.class, () -> tree.descend("deep", max + 50));
        assertTrue(e.getMessage().startsWith("LAZ-403: @Durable "), e.getMessage());
        assertTrue(e.getMessage().contains("over the limit of " + max + " nested executions"), e.getMessage());
        assertEquals(max + 1, tree.bodies.get(), "the level past the limit never started");
        long unfinished = h.records(ExecutionStarted.class).size()
                - h.records(ExecutionFinished.class).size();
        assertEquals(0, unfinished, "no level is left unfinished");
        assertTrue(h.records(ExecutionFinished.class).stream()
                        .filter(f -> f.state() == ExecutionState.FAILED)
                        .count()
                >= max + 1);

        h.restart();
        tree.bodies.set(0);
        LazarusException again = assertThrows(LazarusException.class, () -> tree.descend("deep", max + 50));
        assertEquals(e.getMessage(), again.getMessage(), "the key answers with the recorded error");
        assertEquals(0, tree.bodies.get(), "nothing ran again");
    }
}
