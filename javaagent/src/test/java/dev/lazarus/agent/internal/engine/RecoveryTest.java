package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.record.ExecutionStarted;
import java.lang.invoke.SwitchPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which classes the constructor hooks stay live for: only those with unfinished instance executions
 * from the journal, and only until an instance of the class itself has been constructed.
 */
class RecoveryTest extends EngineTestBase {
    /** Declares the durable instance method of the recorded executions. */
    static class Target {
        public String run() {
            return "ran";
        }
    }

    static final class Sub extends Target {}

    static final class Other {}

    private final List<Runnable> started = new ArrayList<>();

    private Recovery recovery(boolean automatic) {
        return new Recovery(
                automatic, started::add, h.engine().context(), h.engine().outcomes());
    }

    private static ExecutionRecord unfinished(String id, Class<?> type, boolean isStatic) {
        return new ExecutionRecord(new ExecutionStarted(
                id,
                null,
                "run",
                id,
                true,
                type.getName(),
                "run",
                "()Ljava/lang/String;",
                isStatic,
                new byte[0],
                0,
                ApplicationName.of(type)));
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

    @Test
    void aClassResumesOnlyTheExecutionsOfItsOwnApplication() throws Exception {
        Recovery r = recovery(true);
        try (NamedLoader appA = new NamedLoader("app-a", Target.class);
                NamedLoader appB = new NamedLoader("app-b", Target.class)) {
            Class<?> targetOfA = appA.loadClass(Target.class.getName());
            Class<?> targetOfB = appB.loadClass(Target.class.getName());
            r.schedule(List.of(unfinished("a-static", targetOfA, true), unfinished("a-instance", targetOfA, false)));

            r.classInitialized(targetOfB);
            assertNull(r.instanceAwaited(targetOfB), "application b waits for no instance of its own Target");
            r.instanceCreated(newInstance(targetOfB), targetOfB);
            r.classInitialized(Target.class);
            assertEquals(0, started.size(), "neither b nor the default application takes a's executions");

            r.classInitialized(targetOfA);
            assertEquals(1, started.size(), "a's static execution resumes with a's class");
            assertNotNull(r.instanceAwaited(targetOfA));
            r.instanceCreated(newInstance(targetOfA), targetOfA);
            assertEquals(2, started.size(), "and its instance execution with a's first instance");
        }
    }

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        java.lang.reflect.Constructor<?> c = type.getDeclaredConstructor();
        c.setAccessible(true); // another loader's copy is in another runtime package
        return c.newInstance();
    }
}
