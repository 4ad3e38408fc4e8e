package dev.lazarus.agent.internal.instrumentation;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Patterns in a durable body that Lazarus cannot make durable, each reported with file:line and what to
 * do instead: an I/O resource opened in the body (constructed, or opened for writing by a JDK factory such as
 * {@code Files.newBufferedWriter}), work handed to threads the body does not fork as branches (fork/join
 * tasks, {@code Thread} subclasses, completion services, blocking-queue hand-offs),
 * {@code synchronized}/wait/notify, and static state written by the body. Executors, completion stages,
 * threads of a {@code Runnable} and parallel streams are not warned about: their tasks run as branches.
 */
final class BodyWarnings {
    private static final Set<String> IO_RESOURCES = Set.of(
            "java/io/FileInputStream",
            "java/io/FileOutputStream",
            "java/io/FileReader",
            "java/io/FileWriter",
            "java/io/RandomAccessFile",
            "java/net/Socket",
            "java/net/ServerSocket",
            "java/net/DatagramSocket",
            "java/net/URL");

    /** The calls of a blocking queue that hand values to or from another thread. */
    private static final Set<String> QUEUE_HAND_OFFS =
            Set.of("put", "offer", "take", "poll", "transfer", "tryTransfer");

    private final CalleeFacts callees;

    /** @param callees the class files of callees, for the JDK types a class extends or implements */
    BodyWarnings(CalleeFacts callees) {
        this.callees = callees;
    }

    void scan(String file, MethodNode m, List<String> warnings) {
        int line = -1;
        for (AbstractInsnNode n : m.instructions) {
            if (n instanceof LineNumberNode) {
                line = ((LineNumberNode) n).line;
                continue;
            }
            String where = file + ":" + line;
            String warning = null;
            int op = n.getOpcode();
            if (op == Opcodes.NEW && IO_RESOURCES.contains(((TypeInsnNode) n).desc)) {
                warning = openedResource(((TypeInsnNode) n).desc);
            } else if (op == Opcodes.NEW && isThreadSubclass(((TypeInsnNode) n).desc)) {
                warning = "a Thread subclass (" + simple(((TypeInsnNode) n).desc) + ") is created in the durable"
                        + " body: its run() runs outside the execution and is not journaled; pass the work as a"
                        + " Runnable to new Thread(...), or submit a Callable to an ExecutorService";
            } else if (op == Opcodes.MONITORENTER) {
                warning = "synchronized block in the durable body: locks are not durable and replay does not re-take"
                        + " them in the same order; keep shared state out of durable methods";
            } else if (op == Opcodes.PUTSTATIC && !m.name.equals("<clinit>")) {
                FieldInsnNode f = (FieldInsnNode) n;
                warning = "static field " + simple(f.owner) + "." + f.name + " is written in the durable body;"
                        + " static state is not journaled and is lost on a restart: return it, or keep it in a service";
            } else if (n instanceof MethodInsnNode) {
                warning = forCall((MethodInsnNode) n);
            }
            if (warning != null) {
                warnings.add(where + ": " + warning);
            }
        }
    }

    private static String openedResource(String type) {
        return "an I/O resource (" + simple(type) + ") is opened inside the durable body;"
                + " its reads and writes are journaled one by one and it does not survive a restart: move it"
                + " into a service method the body calls (one journaled step)";
    }

    private String forCall(MethodInsnNode call) {
        String owner = call.owner;
        String name = call.name;
        Type returned = Type.getReturnType(call.desc);
        if (JdkCatalog.isIo(owner)
                && !JdkCatalog.isBoundaryIo(owner)
                && returned.getSort() == Type.OBJECT
                && JdkCatalog.isOutputResource(returned.getInternalName())) {
            // the call that opens it is recomputed: replay opens the file again (creating or truncating it)
            // while the writes made on it are answered from the journal
            return openedResource(returned.getInternalName());
        }
        String handOff = owner.startsWith("[") ? null : handOff(call);
        if (handOff != null) {
            return handOff;
        }
        if (owner.equals("java/lang/Object")
                && (name.equals("wait") || name.equals("notify") || name.equals("notifyAll"))) {
            return "Object." + name + " in the durable body: waiting on shared objects is not durable; use"
                    + " Lazarus.awaitEvent / Lazarus.sendEvent";
        }
        return null;
    }

    /**
     * Work handed to threads the body does not fork as branches: a fork/join task (its {@code compute()} forks
     * and joins where the body cannot see), a completion service (its tasks are submitted from inside the JDK
     * and come back in the order they finish), a blocking queue (the thread on its other side is none of the
     * body's).
     */
    private String handOff(MethodInsnNode call) {
        String owner = call.owner;
        String name = call.name;
        String what = simple(owner) + "." + name;
        if (((name.equals("fork") || name.equals("invoke") || name.equals("invokeAll"))
                        && callees.isSubtypeOf(owner, "java/util/concurrent/ForkJoinTask"))
                || ((name.equals("invoke") || name.equals("submit") || name.equals("execute"))
                        && call.desc.startsWith("(Ljava/util/concurrent/ForkJoinTask;)")
                        && callees.isSubtypeOf(owner, "java/util/concurrent/ForkJoinPool"))) {
            return "a ForkJoinTask is run from the durable body (" + what + "): its compute() forks and joins where"
                    + " the body cannot see, so its work runs outside the execution and is not journaled; submit"
                    + " Callables to an ExecutorService (invokeAll) or use a parallel stream instead";
        }
        if ((name.equals("submit") || name.equals("take") || name.equals("poll"))
                && callees.isSubtypeOf(owner, "java/util/concurrent/CompletionService")) {
            return "a CompletionService in the durable body (" + what + "): its tasks run outside the execution"
                    + " and come back in the order they finish; submit the Callables to an ExecutorService"
                    + " (invokeAll) and read their Futures in the order they were submitted";
        }
        if (QUEUE_HAND_OFFS.contains(name) && callees.isSubtypeOf(owner, "java/util/concurrent/BlockingQueue")) {
            return "a BlockingQueue hand-off in the durable body (" + what + "): the thread on its other side is"
                    + " not a branch of the execution, so its work is not journaled and what it hands back depends"
                    + " on timing; submit a Callable to an ExecutorService and use its Future instead";
        }
        return null;
    }

    /** A proper subclass of {@code Thread}: its own {@code run()} is not the body's, whatever it does. */
    private boolean isThreadSubclass(String type) {
        return !type.equals("java/lang/Thread") && callees.isSubtypeOf(type, "java/lang/Thread");
    }

    private static String simple(String internalName) {
        return OriginInterpreter.simpleOwner(internalName);
    }
}
