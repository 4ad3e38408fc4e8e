package dev.lazarus.agent.internal.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.internal.instrumentation.fixtures.ThreadAgent;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code new Thread(..., Runnable, ...)} in a durable body hands its Runnable to {@code Bridge.branch} and the
 * thread runs what that returns, for every shape of the constructors that take one; the other arguments reach
 * the constructor as they were.
 */
class ThreadConstructorRewriteTest {
    private static final String BRIDGE = Type.getInternalName(Bridge.class);
    private static final String BRANCH_DESC = "(Ljava/lang/Runnable;)Ljava/lang/Runnable;";

    /** What the rewritten class calls instead of {@code Bridge.branch} in {@link #tasksRunThroughTheBranch}. */
    public static final class RecordingBranch {
        static final List<String> BRANCHED = new CopyOnWriteArrayList<>();

        /** Wraps the task so that running it is seen. */
        public static Runnable branch(Runnable task) {
            return () -> {
                BRANCHED.add(Thread.currentThread().getName());
                task.run();
            };
        }
    }

    @BeforeEach
    @AfterEach
    void withoutAnEngine() {
        Bridge.install(null); // the body runs as plain code: no execution, Bridge.branch hands the task back
        RecordingBranch.BRANCHED.clear();
    }

    private static byte[] rewritten() throws Exception {
        byte[] original;
        try (InputStream in = ThreadAgent.class.getResourceAsStream("ThreadAgent.class")) {
            original = in.readAllBytes();
        }
        return new DurableClassRewriter(ClassificationRules.none())
                .rewrite(ThreadConstructorRewriteTest.class.getClassLoader(), original)
                .bytes();
    }

    private static MethodNode startThreads(byte[] bytes) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, 0);
        return cn.methods.stream()
                .filter(m -> m.name.equals("startThreads"))
                .findFirst()
                .orElseThrow();
    }

    private static boolean isBranch(AbstractInsnNode n) {
        return n instanceof MethodInsnNode
                && n.getOpcode() == Opcodes.INVOKESTATIC
                && ((MethodInsnNode) n).owner.equals(BRIDGE)
                && ((MethodInsnNode) n).name.equals("branch")
                && ((MethodInsnNode) n).desc.equals(BRANCH_DESC);
    }

    @Test
    void everyThreadConstructorOfARunnableGetsTheBranchOfItsRunnable() throws Exception {
        List<String> constructors = new ArrayList<>();
        int branches = 0;
        for (AbstractInsnNode n : startThreads(rewritten()).instructions) {
            if (isBranch(n)) {
                branches++;
            }
            if (n instanceof MethodInsnNode
                    && ((MethodInsnNode) n).owner.equals("java/lang/Thread")
                    && ((MethodInsnNode) n).name.equals("<init>")) {
                constructors.add(((MethodInsnNode) n).desc);
                AbstractInsnNode before = n.getPrevious();
                while (before.getOpcode() < 0
                        || before.getOpcode() == Opcodes.SWAP
                        || (before.getOpcode() >= Opcodes.ILOAD && before.getOpcode() <= Opcodes.ALOAD)) {
                    before = before.getPrevious();
                }
                assertTrue(isBranch(before), "Bridge.branch is the last call before new Thread" + n);
            }
        }
        assertEquals(5, constructors.size(), constructors::toString);
        assertEquals(constructors.size(), branches, "one Bridge.branch per thread: " + constructors);
    }

    @Test
    void theRewrittenBodyStillStartsItsThreadsWithTheirNames() throws Exception {
        assertEquals(expected(), run(rewritten()));
    }

    @Test
    void tasksRunThroughTheBranch() throws Exception {
        ClassNode cn = new ClassNode();
        new ClassReader(rewritten()).accept(cn, 0);
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode n : m.instructions) {
                if (isBranch(n)) {
                    ((MethodInsnNode) n).owner = Type.getInternalName(RecordingBranch.class);
                }
            }
        }
        ClassWriter writer = new ClassWriter(0);
        cn.accept(writer);
        assertEquals(expected(), run(writer.toByteArray()));
        List<String> branched = new ArrayList<>();
        for (String name : RecordingBranch.BRANCHED) {
            branched.add(unnumbered(name));
        }
        branched.sort(null);
        List<String> names = new ArrayList<>();
        for (String seen : expected()) {
            names.add(seen.substring(seen.indexOf('@') + 1));
        }
        names.sort(null);
        assertEquals(names, branched, "each thread ran its task through what Bridge.branch returned");
    }

    /** What the body returns without instrumentation: the test's own run of the original class. */
    private static List<String> expected() throws Exception {
        List<String> plain = new ArrayList<>();
        for (String seen : new ThreadAgent().startThreads()) {
            plain.add(unnumbered(seen));
        }
        return plain;
    }

    /** Unnamed threads are numbered by the JVM: the named ones are compared by name, the others by task. */
    private static String unnumbered(String seen) {
        int at = seen.indexOf("Thread-");
        return at < 0 ? seen : seen.substring(0, at + "Thread-".length());
    }

    private static List<String> run(byte[] bytes) throws Exception {
        ClassLoader loader = new ClassLoader(ThreadConstructorRewriteTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(ThreadAgent.class.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> done = findLoadedClass(name);
                        return done != null ? done : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        Class<?> type = loader.loadClass(ThreadAgent.class.getName());
        Object agent = type.getConstructor().newInstance();
        Method method = type.getMethod("startThreads");
        List<String> got = new ArrayList<>();
        for (Object seen : (List<?>) method.invoke(agent)) {
            got.add(unnumbered((String) seen));
        }
        return got;
    }
}
