package dev.lazarus.agent.internal.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The durable body of a class: its {@code @Durable} methods, the lambdas they define, and the methods
 * of the same class they call on {@code this} or statically, transitively — each with the origins of
 * its parameters (a lambda that captured a field-held service gets a field-held parameter), computed
 * to a fixed point.
 */
final class DurableBody {
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private final ClassNode owner;
    private final CallClassifier classifier;
    private final Map<MethodNode, Origin[]> methods = new LinkedHashMap<>();
    /** For each body method, the durable method that first reached it (whose {@code @Retry} is its calls' default). */
    private final Map<MethodNode, MethodNode> roots = new java.util.HashMap<>();

    private DurableBody(ClassNode owner, CallClassifier classifier) {
        this.owner = owner;
        this.classifier = classifier;
    }

    /** Finds the body of {@code owner} starting from its durable methods. */
    static DurableBody of(ClassNode owner, List<MethodNode> durableMethods, CallClassifier classifier)
            throws AnalyzerException {
        DurableBody body = new DurableBody(owner, classifier);
        for (MethodNode m : durableMethods) {
            body.methods.put(m, locals(Type.getArgumentTypes(m.desc).length));
            body.roots.put(m, m);
        }
        boolean changed = true;
        int rounds = 0;
        while (changed && rounds++ < 50) {
            changed = false;
            for (MethodNode m : new ArrayList<>(body.methods.keySet())) {
                changed |= body.propagate(m);
            }
        }
        return body;
    }

    /** @return every method of the body with its parameter origins */
    Map<MethodNode, Origin[]> methods() {
        return methods;
    }

    /** @return the durable method whose body {@code m} belongs to (the first that reached it) */
    MethodNode rootOf(MethodNode m) {
        return roots.get(m);
    }

    /** Runs the origin analysis on one body method. */
    Frame<Origin>[] analyze(MethodNode m) throws AnalyzerException {
        OriginInterpreter interpreter = new OriginInterpreter(methods.get(m), this::keepsOrigin).forDescriptor(m.desc);
        return new Analyzer<>(interpreter).analyze(owner.name, m);
    }

    /**
     * What a call on a field-held receiver returns is field-held unless the call is journaled (a result the
     * body got back); what a method inherited on {@code this} returns is field-held when it is a live object
     * (a service the inherited code hands out), so the calls on it are judged like calls on a field.
     */
    private boolean keepsOrigin(MethodInsnNode call, Origin receiver) {
        if (JdkCatalog.isBoundaryAnswer(Type.getReturnType(call.desc).getInternalName())) {
            // what a catalogued boundary hands back is rebuilt from journaled data: a value, read by recomputing
            return false;
        }
        Classification c = classifier.classify(call, receiver);
        if (c.kind() == CallKind.FORK) {
            return false; // a Future or a stream of branches is the body's own handle, not the field's service
        }
        return receiver.isField() ? c.kind() != CallKind.JOURNALED : c.returnsLiveObject();
    }

    /** The receiver of a call, from the frame before it, or {@code null} for a static call. */
    static Origin receiverOf(MethodInsnNode call, Frame<Origin> frame) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC) {
            return null;
        }
        int args = Type.getArgumentTypes(call.desc).length;
        return frame.getStack(frame.getStackSize() - args - 1);
    }

    private boolean propagate(MethodNode m) throws AnalyzerException {
        if (m.instructions.size() == 0) {
            return false;
        }
        Frame<Origin>[] frames = analyze(m);
        boolean changed = false;
        for (int i = 0; i < m.instructions.size(); i++) {
            AbstractInsnNode insn = m.instructions.get(i);
            Frame<Origin> frame = frames[i];
            if (frame == null) {
                continue;
            }
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (classifier.classify(call, receiverOf(call, frame)).kind() == CallKind.BODY) {
                    MethodNode callee = find(call.name, call.desc);
                    int args = Type.getArgumentTypes(call.desc).length;
                    changed |= join(m, callee, stackTop(frame, args), 0);
                }
            } else if (insn instanceof InvokeDynamicInsnNode) {
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                Handle impl = lambdaImplementation(indy);
                if (impl != null && !impl.getOwner().equals(owner.name)) {
                    changed |= redirectMethodReference(m, indy, impl, frame, i);
                } else if (impl != null) {
                    MethodNode callee = find(impl.getName(), impl.getDesc());
                    if (callee != null && !Annotations.isDurable(callee)) {
                        int captured = Type.getArgumentTypes(indy.desc).length;
                        Origin[] origins = stackTop(frame, captured);
                        // An instance implementation receives the first captured value as 'this'.
                        int skip = impl.getTag() == Opcodes.H_INVOKESTATIC ? 0 : 1;
                        changed |= join(m, callee, origins, skip);
                    }
                }
            }
        }
        return changed;
    }

    /**
     * A method reference to code outside the class ({@code scraper::fetch}): if the call it makes is
     * journaled or silent, re-point it at a synthetic method of this class that joins the body.
     */
    private boolean redirectMethodReference(
            MethodNode m, InvokeDynamicInsnNode indy, Handle impl, Frame<Origin> frame, int index) {
        if (!indy.bsm.getName().equals("metafactory") || (owner.access & Opcodes.ACC_INTERFACE) != 0) {
            return false; // serializable references (altMetafactory) keep their shape for deserialization
        }
        MethodInsnNode call = MethodReferences.callOf(impl);
        if (call == null) {
            return false;
        }
        int captured = Type.getArgumentTypes(indy.desc).length;
        Origin[] origins = stackTop(frame, captured);
        Origin receiver = call.getOpcode() == Opcodes.INVOKESTATIC ? null : captured > 0 ? origins[0] : Origin.LOCAL_1;
        CallKind kind = classifier.classify(call, receiver).kind();
        if (kind != CallKind.JOURNALED && kind != CallKind.SILENT) {
            return false;
        }
        MethodNode synthetic = MethodReferences.redirect(owner, indy, call, lineOf(m, index));
        return join(m, synthetic, origins, 0);
    }

    private static int lineOf(MethodNode m, int index) {
        for (int i = index; i >= 0; i--) {
            if (m.instructions.get(i) instanceof org.objectweb.asm.tree.LineNumberNode) {
                return ((org.objectweb.asm.tree.LineNumberNode) m.instructions.get(i)).line;
            }
        }
        return -1;
    }

    /** Merges origins of the arguments a call site passes into the callee's parameter origins. */
    private boolean join(MethodNode caller, MethodNode callee, Origin[] passed, int skip) {
        if (callee == null || callee.instructions.size() == 0) {
            return false;
        }
        roots.putIfAbsent(callee, roots.get(caller));
        int params = Type.getArgumentTypes(callee.desc).length;
        Origin[] incoming = locals(params);
        for (int i = skip; i < passed.length && i - skip < params; i++) {
            incoming[i - skip] = passed[i] == null ? Origin.LOCAL_1 : passed[i];
        }
        Origin[] existing = methods.get(callee);
        if (existing == null) {
            methods.put(callee, incoming);
            return true;
        }
        Origin[] merged = existing.clone();
        for (int i = 0; i < params; i++) {
            merged[i] = existing[i].merge(incoming[i]);
        }
        if (Arrays.equals(merged, existing)) {
            return false;
        }
        methods.put(callee, merged);
        return true;
    }

    static Handle lambdaImplementation(InvokeDynamicInsnNode indy) {
        if (!indy.bsm.getOwner().equals(LAMBDA_METAFACTORY)
                || indy.bsmArgs.length < 2
                || !(indy.bsmArgs[1] instanceof Handle)) {
            return null;
        }
        return (Handle) indy.bsmArgs[1];
    }

    private MethodNode find(String name, String desc) {
        for (MethodNode m : owner.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    private static Origin[] stackTop(Frame<Origin> frame, int count) {
        Origin[] values = new Origin[count];
        int base = frame.getStackSize() - count;
        for (int i = 0; i < count; i++) {
            values[i] = frame.getStack(base + i);
        }
        return values;
    }

    private static Origin[] locals(int count) {
        Origin[] origins = new Origin[count];
        Arrays.fill(origins, Origin.LOCAL_1);
        return origins;
    }
}
