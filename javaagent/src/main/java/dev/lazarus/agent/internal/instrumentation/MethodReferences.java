package dev.lazarus.agent.internal.instrumentation;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A method reference such as {@code urls.stream().map(scraper::fetch)} makes the JDK generate a class
 * that calls {@code fetch} — outside the durable body, so the call would escape the journal. When such
 * a reference points at a call the transparency rule journals (or silences), it is re-pointed at a
 * synthetic static method of the durable class that makes the same call, and that method joins the body.
 */
final class MethodReferences {
    private static final String PREFIX = "lazarus$ref$";

    private MethodReferences() {}

    /** @return the call the reference makes, as a call instruction, or {@code null} if it is not a plain method call */
    static MethodInsnNode callOf(Handle impl) {
        int opcode;
        switch (impl.getTag()) {
            case Opcodes.H_INVOKESTATIC:
                opcode = Opcodes.INVOKESTATIC;
                break;
            case Opcodes.H_INVOKEVIRTUAL:
                opcode = Opcodes.INVOKEVIRTUAL;
                break;
            case Opcodes.H_INVOKEINTERFACE:
                opcode = Opcodes.INVOKEINTERFACE;
                break;
            default:
                return null; // constructor references and super references run nothing of the outside world
        }
        return new MethodInsnNode(opcode, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface());
    }

    /**
     * Adds a static method to {@code owner} that makes {@code call}, and re-points the reference at it.
     *
     * @param line the source line of the reference, so the report and errors can name it
     * @return the new method
     */
    static MethodNode redirect(ClassNode owner, InvokeDynamicInsnNode indy, MethodInsnNode call, int line) {
        boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
        String desc =
                isStatic ? call.desc : "(" + Type.getObjectType(call.owner).getDescriptor() + call.desc.substring(1);
        String name = PREFIX + count(owner);
        MethodNode m = new MethodNode(
                Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name, desc, null, null);
        LabelNode start = new LabelNode();
        m.instructions.add(start);
        if (line > 0) {
            m.instructions.add(new LineNumberNode(line, start));
        }
        int slot = 0;
        for (Type t : Type.getArgumentTypes(desc)) {
            m.instructions.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        m.instructions.add(new MethodInsnNode(call.getOpcode(), call.owner, call.name, call.desc, call.itf));
        m.instructions.add(new InsnNode(Type.getReturnType(desc).getOpcode(Opcodes.IRETURN)));
        m.maxLocals = slot;
        m.maxStack = Math.max(slot, Type.getReturnType(desc).getSize());
        owner.methods.add(m);
        indy.bsmArgs[1] = new Handle(Opcodes.H_INVOKESTATIC, owner.name, name, desc, false);
        return m;
    }

    private static int count(ClassNode owner) {
        int n = 0;
        for (MethodNode m : owner.methods) {
            if (m.name.startsWith(PREFIX)) {
                n++;
            }
        }
        return n;
    }
}
