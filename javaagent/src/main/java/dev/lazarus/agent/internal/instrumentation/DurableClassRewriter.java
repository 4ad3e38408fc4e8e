package dev.lazarus.agent.internal.instrumentation;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.config.RetryPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Rewrites one class that declares {@code @Durable} methods:
 * <ul>
 *   <li>every journaled, replay-silent or fork call site of the durable body becomes an
 *       {@code invokedynamic} with the same stack effect, linked by {@code Bridge.bootstrapCall};</li>
 *   <li>a thread constructed in the body with a {@code Runnable} gets {@code Bridge.branch(runnable)}
 *       instead, so that its task runs as a branch of the execution;</li>
 *   <li>every durable method starts with a prologue that routes an ordinary call to the engine
 *       ({@code Bridge.bootstrapDurable}) and lets the engine's own call run the body;</li>
 *   <li>the static initialiser and the constructors tell the engine that the class (or an instance)
 *       exists, so unfinished executions can be recovered.</li>
 * </ul>
 * Stack maps are kept as they are (expanded frames, one frame added at the body's start), so no class
 * is loaded while rewriting.
 */
public final class DurableClassRewriter {
    private static final String BRIDGE = "dev/lazarus/agent/bridge/Bridge";
    private static final Handle BOOTSTRAP_CALL = new Handle(
            Opcodes.H_INVOKESTATIC,
            BRIDGE,
            "bootstrapCall",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodHandle;ILjava/lang/String;Ljava/lang/String;Ljava/lang/String;I"
                    + "Ljava/lang/String;)Ljava/lang/invoke/CallSite;",
            false);
    private static final Handle BOOTSTRAP_DURABLE = new Handle(
            Opcodes.H_INVOKESTATIC,
            BRIDGE,
            "bootstrapDurable",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "ILjava/lang/String;I)Ljava/lang/invoke/CallSite;",
            false);
    private static final Handle BOOTSTRAP_INSTANCE_CREATED = new Handle(
            Opcodes.H_INVOKESTATIC,
            BRIDGE,
            "bootstrapInstanceCreated",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                    + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;",
            false);
    private static final int KIND_JOURNALED = 1;
    private static final int KIND_SILENT = 2;
    private static final int KIND_FORK = 3;
    /** {@code Bridge.branch(Runnable)}: what a thread constructed in the body runs instead of its Runnable. */
    private static final String BRANCH_DESC = "(Ljava/lang/Runnable;)Ljava/lang/Runnable;";

    /** The outcome: new bytes (or {@code null} when nothing changed) and the transparency report. */
    public static final class Result {
        private final byte[] bytes;
        private final TransparencyReport report;
        private final List<String> warnings;

        Result(byte[] bytes, TransparencyReport report, List<String> warnings) {
            this.bytes = bytes;
            this.report = report;
            this.warnings = warnings;
        }

        /** @return the rewritten class file, or {@code null} if the class has no durable method */
        public byte[] bytes() {
            return bytes;
        }

        /** @return the transparency report, or {@code null} */
        public TransparencyReport report() {
            return report;
        }

        /** @return warnings about what could not be made durable, each naming file:line */
        public List<String> warnings() {
            return warnings;
        }
    }

    private final ClassificationRules rules;

    /** @param rules the user's overrides of the transparency rule */
    public DurableClassRewriter(ClassificationRules rules) {
        this.rules = rules;
    }

    /**
     * @param loader the class's loader (for reading callee class files), or {@code null}
     * @param classBytes the class file
     * @return the result; its bytes are {@code null} when the class declares no durable method
     */
    public Result rewrite(ClassLoader loader, byte[] classBytes) throws AnalyzerException {
        boolean annotated = Annotations.mentionsDurable(classBytes);
        if (!annotated && !rules.makesAnyDurable()) {
            return new Result(null, null, List.of()); // the common case: a byte scan, no parsing
        }
        ClassReader reader = new ClassReader(classBytes);
        if (!annotated && !rules.mayMakeDurable(reader.getClassName())) {
            return new Result(null, null, List.of());
        }
        ClassNode cn = new ClassNode();
        reader.accept(cn, ClassReader.EXPAND_FRAMES);
        List<MethodNode> durable = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            if (Annotations.isDurable(m)
                    || (rules.durableBy(cn.name, m.name, m.access) != null
                            && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0)) {
                if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || m.name.startsWith("<")) {
                    warnings.add(
                            "@Durable on " + cn.name.replace('/', '.') + "." + m.name
                                    + " is ignored: only concrete methods (not constructors, abstract or native) can be durable");
                    continue;
                }
                durable.add(m);
            }
        }
        if (durable.isEmpty()) {
            return new Result(null, null, warnings);
        }
        if ((cn.version & 0xFFFF) < Opcodes.V1_7) {
            warnings.add(cn.name.replace('/', '.') + " is compiled for Java 6 or older; recompile it for Java 7+"
                    + " to make its @Durable methods durable");
            return new Result(null, null, warnings);
        }
        TransparencyReport report = new TransparencyReport(cn.name.replace('/', '.'));
        CalleeFacts callees = new CalleeFacts(cn, loader, rules);
        CallClassifier classifier = new CallClassifier(cn, callees, rules);
        DurableBody body = DurableBody.of(cn, durable, classifier);
        String file = cn.sourceFile == null ? cn.name + ".java" : cn.sourceFile;
        BodyWarnings bodyWarnings = new BodyWarnings(callees);
        for (MethodNode m : body.methods().keySet()) {
            bodyWarnings.scan(file, m, warnings);
            rewriteCalls(cn, file, m, body, classifier, report, warnings);
        }
        for (String w : warnings) {
            report.warning(w);
        }
        boolean hasInstanceDurable = false;
        for (MethodNode m : durable) {
            report.durableMethod(displayName(m));
            addPrologue(cn, m);
            hasInstanceDurable |= (m.access & Opcodes.ACC_STATIC) == 0;
        }
        addClassInitializedHook(cn);
        if (hasInstanceDurable) {
            addInstanceCreatedHooks(cn);
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cn.accept(writer);
        return new Result(writer.toByteArray(), report, warnings);
    }

    /** @param sourceName the class's source file, or a name made from the class's when it has none */
    private void rewriteCalls(
            ClassNode cn,
            String sourceName,
            MethodNode m,
            DurableBody body,
            CallClassifier classifier,
            TransparencyReport report,
            List<String> warnings)
            throws AnalyzerException {
        if (m.instructions.size() == 0) {
            return;
        }
        Frame<Origin>[] frames = body.analyze(m);
        Map<AbstractInsnNode, AbstractInsnNode> replacements = new HashMap<>();
        List<MethodInsnNode> threads = new ArrayList<>();
        int line = -1;
        String file = cn.sourceFile == null ? "" : cn.sourceFile;
        String methodName = m.name + m.desc;
        for (int i = 0; i < m.instructions.size(); i++) {
            AbstractInsnNode insn = m.instructions.get(i);
            if (insn instanceof LineNumberNode) {
                line = ((LineNumberNode) insn).line;
                continue;
            }
            if (!(insn instanceof MethodInsnNode) || frames[i] == null) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            Classification c = classifier.classify(call, DurableBody.receiverOf(call, frames[i]));
            String callee = call.owner.replace('/', '.') + "." + call.name;
            String reason = c.reason();
            String retry = "";
            if (c.kind() == CallKind.JOURNALED) {
                try {
                    RetryPolicy policy =
                            classifier.retryPolicy(call, Annotations.retry(body.rootOf(m).visibleAnnotations));
                    if (policy != null) {
                        retry = policy.encode();
                        reason += "; retried: " + policy;
                    }
                } catch (LazarusException e) {
                    warnings.add(e.getMessage() + " for the call of " + callee + " at " + file + ":" + line
                            + "; it is not retried");
                }
            }
            if (c.returnsUncoveredResource()) {
                warnings.add(uncoveredResource(callee, c.result(), sourceName + ":" + line));
            }
            report.add(displayName(m), file + ":" + line, callee, c.kind(), reason);
            if (c.kind() == CallKind.TIMER) {
                replacements.put(
                        call, new MethodInsnNode(Opcodes.INVOKESTATIC, BRIDGE, "threadSleep", call.desc, false));
            } else if (c.kind() == CallKind.FORK && call.name.equals("<init>")) {
                threads.add(call);
            } else if (c.kind() == CallKind.JOURNALED || c.kind() == CallKind.SILENT || c.kind() == CallKind.FORK) {
                int kind = c.kind() == CallKind.JOURNALED
                        ? KIND_JOURNALED
                        : c.kind() == CallKind.SILENT ? KIND_SILENT : KIND_FORK;
                replacements.put(call, indyFor(call, kind, methodName, file, line, retry));
            }
        }
        for (Map.Entry<AbstractInsnNode, AbstractInsnNode> r : replacements.entrySet()) {
            m.instructions.set(r.getKey(), r.getValue());
        }
        for (MethodInsnNode constructor : threads) {
            branchTheRunnable(m, constructor);
        }
    }

    /**
     * {@code new Thread(..., Runnable, ...)}: the Runnable argument is replaced by what
     * {@code Bridge.branch(Runnable)} makes of it (the task as a branch of the execution) just before the
     * constructor runs. The arguments after it are set aside (a {@code SWAP} for one, fresh locals for more)
     * and put back. Nothing here jumps, so the method's stack map frames stay right as they are: a fresh local
     * is one no frame names.
     */
    private static void branchTheRunnable(MethodNode m, MethodInsnNode constructor) {
        Type[] args = Type.getArgumentTypes(constructor.desc);
        int runnable = -1;
        for (int i = 0; i < args.length && runnable < 0; i++) {
            if (args[i].getSort() == Type.OBJECT && args[i].getInternalName().equals("java/lang/Runnable")) {
                runnable = i;
            }
        }
        InsnList around = new InsnList();
        MethodInsnNode branch = new MethodInsnNode(Opcodes.INVOKESTATIC, BRIDGE, "branch", BRANCH_DESC, false);
        int after = args.length - runnable - 1;
        if (after == 0) {
            around.add(branch);
        } else if (after == 1 && args[args.length - 1].getSize() == 1) {
            around.add(new InsnNode(Opcodes.SWAP));
            around.add(branch);
            around.add(new InsnNode(Opcodes.SWAP));
        } else {
            int[] slots = new int[args.length];
            int next = m.maxLocals;
            for (int i = args.length - 1; i > runnable; i--) {
                slots[i] = next;
                next += args[i].getSize();
                around.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
            }
            around.add(branch);
            for (int i = runnable + 1; i < args.length; i++) {
                around.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
            }
            m.maxLocals = next;
        }
        m.instructions.insertBefore(constructor, around);
    }

    /**
     * A call that returns a socket or a process is recomputed (its result cannot be journaled), so replay
     * opens the connection or starts the process again, and no effect boundary is there to answer it: said
     * when the class is instrumented, never found after the call ran.
     */
    private static String uncoveredResource(String callee, ResultVerdict result, String where) {
        return where + ": LAZ-007: " + callee + " returns a live resource (" + result.type()
                + ") that cannot be journaled and that no effect boundary covers: the call is recomputed, so replay"
                + " connects or starts it again and only the calls made on it are journaled; read or write through"
                + " it inside that method and return plain data instead";
    }

    private static String displayName(MethodNode m) {
        return m.name + "(" + simpleParams(m.desc) + ")";
    }

    private static String simpleParams(String desc) {
        StringBuilder sb = new StringBuilder();
        for (Type t : Type.getArgumentTypes(desc)) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            String name = t.getClassName();
            sb.append(name.substring(name.lastIndexOf('.') + 1));
        }
        return sb.toString();
    }

    private static InvokeDynamicInsnNode indyFor(
            MethodInsnNode call, int kind, String callerMethod, String file, int line, String retry) {
        int tag;
        switch (call.getOpcode()) {
            case Opcodes.INVOKESTATIC:
                tag = Opcodes.H_INVOKESTATIC;
                break;
            case Opcodes.INVOKEINTERFACE:
                tag = Opcodes.H_INVOKEINTERFACE;
                break;
            default:
                tag = Opcodes.H_INVOKEVIRTUAL;
        }
        Handle target = new Handle(tag, call.owner, call.name, call.desc, call.itf);
        String desc = call.getOpcode() == Opcodes.INVOKESTATIC
                ? call.desc
                : "(" + Type.getObjectType(call.owner).getDescriptor() + call.desc.substring(1);
        String callee = call.owner + "." + call.name + call.desc;
        return new InvokeDynamicInsnNode(
                call.name, desc, BOOTSTRAP_CALL, target, kind, callerMethod, callee, file, line, retry);
    }

    private static void addPrologue(ClassNode cn, MethodNode m) {
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        Type[] args = Type.getArgumentTypes(m.desc);
        Type ret = Type.getReturnType(m.desc);
        LabelNode body = new LabelNode();
        InsnList p = new InsnList();
        p.add(new MethodInsnNode(Opcodes.INVOKESTATIC, BRIDGE, "enterBody", "()Z", false));
        p.add(new JumpInsnNode(Opcodes.IFNE, body));
        int slot = 0;
        StringBuilder desc = new StringBuilder("(");
        if (!isStatic) {
            p.add(new VarInsnNode(Opcodes.ALOAD, 0));
            desc.append(Type.getObjectType(cn.name).getDescriptor());
            slot = 1;
        }
        for (Type a : args) {
            p.add(new VarInsnNode(a.getOpcode(Opcodes.ILOAD), slot));
            desc.append(a.getDescriptor());
            slot += a.getSize();
        }
        desc.append(')').append(ret.getDescriptor());
        p.add(new InvokeDynamicInsnNode(
                m.name,
                desc.toString(),
                BOOTSTRAP_DURABLE,
                isStatic ? 1 : 0,
                Annotations.durableName(m),
                Annotations.executionKeyIndex(m)));
        p.add(new InsnNode(ret.getOpcode(Opcodes.IRETURN)));
        p.add(body);
        if (!startsWithFrame(m)) {
            p.add(initialFrame(cn, m, isStatic, args));
        }
        m.instructions.insert(p);
    }

    private static boolean startsWithFrame(MethodNode m) {
        for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof FrameNode) {
                return true;
            }
            if (n.getOpcode() >= 0) {
                return false;
            }
        }
        return false;
    }

    private static FrameNode initialFrame(ClassNode cn, MethodNode m, boolean isStatic, Type[] args) {
        List<Object> locals = new ArrayList<>();
        if (!isStatic) {
            locals.add(cn.name);
        }
        for (Type a : args) {
            switch (a.getSort()) {
                case Type.BOOLEAN:
                case Type.BYTE:
                case Type.CHAR:
                case Type.SHORT:
                case Type.INT:
                    locals.add(Opcodes.INTEGER);
                    break;
                case Type.FLOAT:
                    locals.add(Opcodes.FLOAT);
                    break;
                case Type.LONG:
                    locals.add(Opcodes.LONG);
                    break;
                case Type.DOUBLE:
                    locals.add(Opcodes.DOUBLE);
                    break;
                case Type.ARRAY:
                    locals.add(a.getDescriptor());
                    break;
                default:
                    locals.add(a.getInternalName());
            }
        }
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
    }

    private static void addClassInitializedHook(ClassNode cn) {
        InsnList hook = new InsnList();
        hook.add(new LdcInsnNode(Type.getObjectType(cn.name)));
        hook.add(new MethodInsnNode(Opcodes.INVOKESTATIC, BRIDGE, "classInitialized", "(Ljava/lang/Class;)V", false));
        for (MethodNode m : cn.methods) {
            if (m.name.equals("<clinit>")) {
                m.instructions.insert(hook);
                return;
            }
        }
        MethodNode clinit = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.instructions.add(hook);
        clinit.instructions.add(new InsnNode(Opcodes.RETURN));
        cn.methods.add(clinit);
    }

    private static void addInstanceCreatedHooks(ClassNode cn) {
        for (MethodNode m : cn.methods) {
            if (!m.name.equals("<init>")) {
                continue;
            }
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n.getOpcode() == Opcodes.RETURN) {
                    InsnList hook = new InsnList();
                    hook.add(new VarInsnNode(Opcodes.ALOAD, 0));
                    hook.add(new InvokeDynamicInsnNode(
                            "instanceCreated", "(Ljava/lang/Object;)V", BOOTSTRAP_INSTANCE_CREATED));
                    m.instructions.insertBefore(n, hook);
                }
            }
        }
    }
}
