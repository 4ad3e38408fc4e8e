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
 * {@code Files.newBufferedWriter}), work handed to other threads, parallel streams,
 * {@code synchronized}/wait/notify, and static state written by the body.
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

    private BodyWarnings() {}

    static void scan(String file, MethodNode m, List<String> warnings) {
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

    private static String forCall(MethodInsnNode call) {
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
        if ((owner.equals("java/util/stream/Stream")
                                || owner.equals("java/util/stream/BaseStream")
                                || owner.startsWith("java/util/stream/"))
                        && name.equals("parallel")
                || (owner.startsWith("java/util/") && name.equals("parallelStream"))) {
            return "parallel stream in the durable body: its elements run on other threads, outside the execution,"
                    + " so their calls are not journaled; use a sequential stream";
        }
        if (owner.startsWith("java/util/concurrent/")
                && (name.equals("submit")
                        || name.equals("execute")
                        || name.equals("invokeAll")
                        || name.equals("invokeAny")
                        || name.equals("schedule")
                        || name.endsWith("Async"))) {
            return "work handed to another thread (" + simple(owner) + "." + name + ") from the durable body: it"
                    + " runs outside the execution and is not journaled; call it directly, or make it a @Durable method";
        }
        if (owner.equals("java/lang/Thread") && name.equals("start")) {
            return "a thread started from the durable body runs outside the execution and is not journaled;"
                    + " call the work directly, or make it a @Durable method";
        }
        if (owner.equals("java/lang/Object")
                && (name.equals("wait") || name.equals("notify") || name.equals("notifyAll"))) {
            return "Object." + name + " in the durable body: waiting on shared objects is not durable; use"
                    + " Lazarus.awaitEvent / Lazarus.sendEvent";
        }
        return null;
    }

    private static String simple(String internalName) {
        return OriginInterpreter.simpleOwner(internalName);
    }
}
