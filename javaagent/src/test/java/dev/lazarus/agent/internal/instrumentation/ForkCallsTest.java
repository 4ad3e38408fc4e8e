package dev.lazarus.agent.internal.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Fork calls the fixtures cannot compile (structured task scopes are a preview API of release 21) and those
 * that must not be forks, classified on a field-held and on a local receiver alike. The compiled fork calls
 * are in the fixture {@code Branches.java} and {@code modern/Patterns.java}.
 */
class ForkCallsTest {
    private static final String CALLABLE_FORK =
            "(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/StructuredTaskScope$Subtask;";

    private final CallClassifier classifier;

    ForkCallsTest() {
        ClassNode owner = new ClassNode();
        owner.name = "test/Body";
        owner.superName = "java/lang/Object";
        classifier = new CallClassifier(
                owner, new CalleeFacts(owner, ForkCallsTest.class.getClassLoader()), ClassificationRules.none());
    }

    private Classification onField(int opcode, String owner, String name, String desc) {
        return classifier.classify(
                new MethodInsnNode(opcode, owner, name, desc, opcode == Opcodes.INVOKEINTERFACE),
                Origin.field(1, "Body.field"));
    }

    private Classification onLocal(int opcode, String owner, String name, String desc) {
        return classifier.classify(
                new MethodInsnNode(opcode, owner, name, desc, opcode == Opcodes.INVOKEINTERFACE), Origin.LOCAL_1);
    }

    private void assertFork(int opcode, String owner, String name, String desc) {
        for (Classification c :
                new Classification[] {onField(opcode, owner, name, desc), onLocal(opcode, owner, name, desc)}) {
            assertEquals(CallKind.FORK, c.kind(), () -> owner + "." + name + desc + ": " + c.reason());
        }
    }

    private void assertNotFork(int opcode, String owner, String name, String desc) {
        for (Classification c :
                new Classification[] {onField(opcode, owner, name, desc), onLocal(opcode, owner, name, desc)}) {
            assertNotEquals(CallKind.FORK, c.kind(), () -> owner + "." + name + desc + ": " + c.reason());
        }
    }

    @Test
    void structuredTaskScopeSubtasksAreBranchesOnEveryJdkShapeOfTheApi() {
        // JDK 21 to 24: a class with subclasses; JDK 25: an interface
        assertFork(Opcodes.INVOKEVIRTUAL, "java/util/concurrent/StructuredTaskScope", "fork", CALLABLE_FORK);
        assertFork(
                Opcodes.INVOKEVIRTUAL,
                "java/util/concurrent/StructuredTaskScope$ShutdownOnFailure",
                "fork",
                CALLABLE_FORK);
        assertFork(Opcodes.INVOKEINTERFACE, "java/util/concurrent/StructuredTaskScope", "fork", CALLABLE_FORK);
        assertFork(
                Opcodes.INVOKEINTERFACE,
                "java/util/concurrent/StructuredTaskScope",
                "fork",
                "(Ljava/lang/Runnable;)Ljava/util/concurrent/StructuredTaskScope$Subtask;");
        assertTrue(onLocal(Opcodes.INVOKEINTERFACE, "java/util/concurrent/StructuredTaskScope", "fork", CALLABLE_FORK)
                .reason()
                .startsWith("runs as a branch of the execution"));
    }

    @Test
    void aFieldHeldExecutorsInvokeAllIsAForkNotAJournaledListOfFutures() {
        Classification c = onField(
                Opcodes.INVOKEINTERFACE,
                "java/util/concurrent/ExecutorService",
                "invokeAll",
                "(Ljava/util/Collection;)Ljava/util/List;");
        assertEquals(CallKind.FORK, c.kind(), c.reason());
        assertEquals(
                "runs as a branch of the execution: each task handed to the executor is a branch"
                        + " (ExecutorService.invokeAll)",
                c.reason());
    }

    @Test
    void executorsOfTheJdkAreKnownByTheExecutorTheyImplement() {
        assertFork(
                Opcodes.INVOKEVIRTUAL,
                "java/util/concurrent/ScheduledThreadPoolExecutor",
                "scheduleAtFixedRate",
                "(Ljava/lang/Runnable;JJLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;");
        assertFork(
                Opcodes.INVOKEVIRTUAL,
                "java/util/concurrent/AbstractExecutorService",
                "submit",
                "(Ljava/lang/Runnable;)Ljava/util/concurrent/Future;");
        assertFork(Opcodes.INVOKEVIRTUAL, "java/util/concurrent/ForkJoinPool", "execute", "(Ljava/lang/Runnable;)V");
    }

    @Test
    void whatIsNoForkStaysAsItWas() {
        assertNotFork(
                Opcodes.INVOKEVIRTUAL,
                "java/util/concurrent/ForkJoinPool",
                "invoke",
                "(Ljava/util/concurrent/ForkJoinTask;)Ljava/lang/Object;");
        assertNotFork(
                Opcodes.INVOKEVIRTUAL,
                "java/util/concurrent/ForkJoinPool",
                "submit",
                "(Ljava/util/concurrent/ForkJoinTask;)Ljava/util/concurrent/ForkJoinTask;");
        assertNotFork(Opcodes.INVOKEINTERFACE, "java/util/concurrent/ExecutorService", "shutdown", "()V");
        assertNotFork(Opcodes.INVOKEINTERFACE, "java/util/concurrent/Future", "get", "()Ljava/lang/Object;");
        assertNotFork(Opcodes.INVOKEVIRTUAL, "java/util/concurrent/CompletableFuture", "join", "()Ljava/lang/Object;");
        assertNotFork(
                Opcodes.INVOKEVIRTUAL, "java/util/concurrent/CompletableFuture", "complete", "(Ljava/lang/Object;)Z");
        assertNotFork(Opcodes.INVOKESPECIAL, "java/lang/Thread", "<init>", "(Ljava/lang/String;)V");
        assertNotFork(Opcodes.INVOKEINTERFACE, "java/util/List", "stream", "()Ljava/util/stream/Stream;");
        assertNotFork(
                Opcodes.INVOKEINTERFACE, "java/util/stream/Stream", "sequential", "()Ljava/util/stream/BaseStream;");
    }
}
