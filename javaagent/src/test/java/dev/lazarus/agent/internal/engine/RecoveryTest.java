package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.ExecutionStarted;
import java.lang.invoke.SwitchPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * Which classes the constructor hooks stay live for: only those with unfinished instance executions
 * from the journal, and only until an instance of the class itself has been constructed.
 */
class RecoveryTest {
    /** Declares the durable instance method of the recorded executions. */
    static class Target {
        public String run() {
            return "ran";
        }
    }

    static final class Sub extends Target {
    }

    static final class Other {
    }

    private final List<Runnable> started = new ArrayList<>();

    private Recovery recovery(boolean automatic) {
        return new Recovery(automatic, started::add, NOPLogger.NOP_LOGGER, ValueCodec.create());
    }

    private static ExecutionRecord unfinished(String id, Class<?> type, boolean isStatic) {
        return new ExecutionRecord(new ExecutionStarted(id, null, "run", id, true, type.getName(), "run",
                "()Ljava/lang/String;", isStatic, new byte[0], 0));
    }

    @Test
    void theHookOfAClassStaysLiveUntilAnInstanceOfThatVeryClassIsConstructed() {
        Recovery r = recovery(true);
        r.schedule(List.of(unfinished("a", Target.class, false), unfinished("b", Target.class, false)));
        SwitchPoint awaited = r.instanceAwaited(Target.class);
        assertNotNull(awaited);
        assertFalse(awaited.hasBeenInvalidated());

        r.instanceCreated(new Sub(), Target.class); // Target's constructor returned inside Sub's: not yet
        assertFalse(awaited.hasBeenInvalidated());
        assertEquals(0, started.size());

        r.instanceCreated(new Target(), Target.class);
        assertTrue(awaited.hasBeenInvalidated(), "the hooks of Target should do nothing from now on");
        assertEquals(2, started.size(), "both executions resume");
        assertNull(r.instanceAwaited(Target.class), "a site linked later does nothing at all");

        r.instanceCreated(new Target(), Target.class);
        assertEquals(2, started.size(), "resumed once");
    }

    @Test
    void classesWithNothingToRecoverGetNoLiveHook() {
        Recovery r = recovery(true);
        r.schedule(List.of(unfinished("a", Target.class, true)));
        assertNull(r.instanceAwaited(Target.class), "a static execution waits for the class, not an instance");
        assertNull(r.instanceAwaited(Other.class));
    }

    @Test
    void manualRecoveryNeverWaitsForAnInstance() {
        Recovery r = recovery(false);
        r.schedule(List.of(unfinished("a", Target.class, false)));
        assertNull(r.instanceAwaited(Target.class));
    }
}
