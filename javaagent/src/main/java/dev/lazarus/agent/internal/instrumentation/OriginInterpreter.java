package dev.lazarus.agent.internal.instrumentation;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Tracks {@link Origin}s through a method with ASM's data-flow analyser. Fields of {@code this} and
 * static fields make field-held values; a field of a field-held value is field-held; a field of a
 * local value is local. A call keeps its receiver's origin when the call is recomputed (a getter on a
 * field-held map returns a field-held service; {@code client.chat()} returns a service that stands for
 * the field {@code client}), and yields a local value when it is journaled (a result the body got back).
 * A method inherited by the durable class that hands out a live object makes a field-held value too.
 */
final class OriginInterpreter extends Interpreter<Origin> {
    /** Decides, for a call on a receiver of the given origin, whether its result keeps that origin. */
    interface ResultRule {
        /**
         * @param receiver a field-held receiver, or {@code this}
         * @return whether the result stands for the outside world the receiver came from
         */
        boolean keepsOrigin(MethodInsnNode call, Origin receiver);
    }

    private final Origin[] parameterOrigins;
    private final ResultRule resultRule;

    /**
     * @param parameterOrigins origins of the declared parameters (not {@code this}), one per parameter
     * @param resultRule which calls count as journaled
     */
    OriginInterpreter(Origin[] parameterOrigins, ResultRule resultRule) {
        super(Opcodes.ASM9);
        this.parameterOrigins = parameterOrigins;
        this.resultRule = resultRule;
    }

    @Override
    public Origin newValue(Type type) {
        if (type == Type.VOID_TYPE) {
            return null;
        }
        return type == null ? Origin.UNINITIALIZED : Origin.local(type.getSize());
    }

    @Override
    public Origin newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (isInstanceMethod && local == 0) {
            return Origin.THIS;
        }
        int index = parameterIndex(isInstanceMethod, local);
        if (index >= 0 && index < parameterOrigins.length && parameterOrigins[index] != null) {
            return parameterOrigins[index].withSize(type.getSize());
        }
        return Origin.local(type.getSize());
    }

    private int parameterIndex(boolean isInstanceMethod, int local) {
        // Locals of wide parameters take two slots; the caller supplies origins per declared
        // parameter, so walk the slots.
        int slot = isInstanceMethod ? 1 : 0;
        for (int i = 0; i < slotSizes.length; i++) {
            if (slot == local) {
                return i;
            }
            slot += slotSizes[i];
        }
        return -1;
    }

    private int[] slotSizes = new int[0];

    /** Sets the slot sizes of the declared parameters of the method about to be analysed. */
    OriginInterpreter forDescriptor(String descriptor) {
        Type[] args = Type.getArgumentTypes(descriptor);
        slotSizes = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            slotSizes[i] = args[i].getSize();
        }
        return this;
    }

    @Override
    public Origin newOperation(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case Opcodes.LCONST_0:
            case Opcodes.LCONST_1:
            case Opcodes.DCONST_0:
            case Opcodes.DCONST_1:
                return Origin.LOCAL_2;
            case Opcodes.LDC: {
                Object cst = ((LdcInsnNode) insn).cst;
                return Origin.local(cst instanceof Long || cst instanceof Double ? 2 : 1);
            }
            case Opcodes.GETSTATIC: {
                FieldInsnNode f = (FieldInsnNode) insn;
                return Origin.field(Type.getType(f.desc).getSize(), simpleOwner(f.owner) + "." + f.name);
            }
            default:
                return Origin.LOCAL_1;
        }
    }

    @Override
    public Origin copyOperation(AbstractInsnNode insn, Origin value) {
        return value;
    }

    @Override
    public Origin unaryOperation(AbstractInsnNode insn, Origin value) {
        switch (insn.getOpcode()) {
            case Opcodes.GETFIELD: {
                FieldInsnNode f = (FieldInsnNode) insn;
                int size = Type.getType(f.desc).getSize();
                if (value.kind() == Origin.Kind.THIS) {
                    return Origin.field(size, simpleOwner(f.owner) + "." + f.name);
                }
                return value.isField() ? Origin.field(size, value.field() + "." + f.name) : Origin.local(size);
            }
            case Opcodes.CHECKCAST:
                return value;
            case Opcodes.I2L:
            case Opcodes.I2D:
            case Opcodes.L2D:
            case Opcodes.F2L:
            case Opcodes.F2D:
            case Opcodes.D2L:
            case Opcodes.LNEG:
            case Opcodes.DNEG:
                return Origin.LOCAL_2;
            default:
                return Origin.LOCAL_1;
        }
    }

    @Override
    public Origin binaryOperation(AbstractInsnNode insn, Origin value1, Origin value2) {
        switch (insn.getOpcode()) {
            case Opcodes.AALOAD:
                // An element of a field-held array is field-held.
                return value1.isField() ? value1.withSize(1) : Origin.LOCAL_1;
            case Opcodes.LALOAD:
            case Opcodes.DALOAD:
            case Opcodes.LADD:
            case Opcodes.DADD:
            case Opcodes.LSUB:
            case Opcodes.DSUB:
            case Opcodes.LMUL:
            case Opcodes.DMUL:
            case Opcodes.LDIV:
            case Opcodes.DDIV:
            case Opcodes.LREM:
            case Opcodes.DREM:
            case Opcodes.LSHL:
            case Opcodes.LSHR:
            case Opcodes.LUSHR:
            case Opcodes.LAND:
            case Opcodes.LOR:
            case Opcodes.LXOR:
                return Origin.LOCAL_2;
            default:
                return Origin.LOCAL_1;
        }
    }

    @Override
    public Origin ternaryOperation(AbstractInsnNode insn, Origin value1, Origin value2, Origin value3) {
        return Origin.LOCAL_1;
    }

    @Override
    public Origin naryOperation(AbstractInsnNode insn, List<? extends Origin> values) {
        int opcode = insn.getOpcode();
        if (opcode == Opcodes.MULTIANEWARRAY) {
            return Origin.LOCAL_1;
        }
        String desc =
                opcode == Opcodes.INVOKEDYNAMIC ? ((InvokeDynamicInsnNode) insn).desc : ((MethodInsnNode) insn).desc;
        Type ret = Type.getReturnType(desc);
        if (ret == Type.VOID_TYPE) {
            return null;
        }
        if (opcode == Opcodes.INVOKEDYNAMIC || opcode == Opcodes.INVOKESTATIC || values.isEmpty()) {
            return Origin.local(ret.getSize());
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        Origin receiver = values.get(0);
        if ((receiver.isField() || receiver.kind() == Origin.Kind.THIS) && resultRule.keepsOrigin(call, receiver)) {
            String base = receiver.isField() ? receiver.field() : "this";
            return Origin.field(ret.getSize(), base + "." + call.name + "()");
        }
        return Origin.local(ret.getSize());
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, Origin value, Origin expected) {}

    @Override
    public Origin merge(Origin value1, Origin value2) {
        if (value1 == value2) {
            return value1;
        }
        if (value1 == null || value2 == null) {
            return value1 == null ? value2 : value1;
        }
        return value1.merge(value2);
    }

    static String simpleOwner(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? internalName : internalName.substring(slash + 1);
    }
}
