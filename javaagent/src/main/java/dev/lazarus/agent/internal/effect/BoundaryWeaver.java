package dev.lazarus.agent.internal.effect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves the entry hook of the effect catalog into library and JDK classes: the first instructions of each
 * catalogued method ask {@code Bridge.effect} whether to run the method as written or to return what the
 * engine answers. In source form the hook is
 *
 * <pre>{@code
 * Object answer = Bridge.effect("http:java.net.http", this, new Object[] {request, handler});
 * if (answer != Bridge.PROCEED) return (HttpResponse) answer;
 * // the method as written
 * }</pre>
 *
 * <p>One hook shape serves every boundary because a live effect is carried out by calling the woven method
 * again, and that nested entry proceeds: nothing needs to run after the method. The hook adds no members, so
 * classes already loaded can be retransformed.
 */
public final class BoundaryWeaver {
    private static final String BRIDGE = "dev/lazarus/agent/bridge/Bridge";
    private static final String EFFECT_DESC =
            "(Ljava/lang/String;Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";

    private final EffectCatalog catalog;
    private final TypeHierarchy hierarchy = new TypeHierarchy();

    /** @param catalog the boundaries to weave */
    public BoundaryWeaver(EffectCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param loader the loader defining the class, {@code null} for the bootstrap loader
     * @param classBytes the class file
     * @return the woven class file, or {@code null} if the class declares no catalogued method
     */
    public byte[] weave(ClassLoader loader, byte[] classBytes) {
        return weave(loader, null, classBytes);
    }

    /**
     * @param loader the loader defining the class, {@code null} for the bootstrap loader
     * @param className the class's internal name as the JVM gives it to a transformer, or {@code null}
     * @param classBytes the class file
     * @return the woven class file, or {@code null} if the class declares no catalogued method
     */
    public byte[] weave(ClassLoader loader, String className, byte[] classBytes) {
        if (isJdkOutsideTheCatalog(className) || !mentionsAnyName(classBytes)) {
            return null;
        }
        ClassReader reader = new ClassReader(classBytes);
        List<Hook> hooks = hooksOf(loader, reader);
        if (hooks.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new HookingVisitor(writer, hooks, reader.getClassName()), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * The JDK's own classes are woven only in the packages that implement the JDK clients the catalog lists
     * ({@code java.net.http}'s implementation, the {@code http}/{@code https} URL connections) and the one class
     * of a hand-off ({@code CompletableFuture}): the thousands of
     * other JDK classes a JVM loads at start-up are not even looked at, which keeps the agent's start-up cost
     * where it was before the catalog existed.
     */
    private static boolean isJdkOutsideTheCatalog(String className) {
        if (className == null) {
            return false;
        }
        boolean jdk = className.startsWith("java/")
                || className.startsWith("javax/")
                || className.startsWith("jdk/")
                || className.startsWith("sun/")
                || className.startsWith("com/sun/");
        return jdk
                && !className.startsWith("jdk/internal/net/http/")
                && !className.startsWith("sun/net/www/protocol/")
                && !className.equals("java/util/concurrent/CompletableFuture");
    }

    /** A catalogued method declared by the class being defined, and its boundary. */
    private record Hook(String name, String descriptor, String boundary) {}

    /**
     * A cheap first look, made for every class the JVM loads: does the class file hold a {@code CONSTANT_Utf8}
     * entry that is the name of a woven method (a class that declares one must)? One pass over the raw bytes,
     * comparing only where a byte can start a name and the two bytes before it hold that name's length after
     * a Utf8 tag; nothing is parsed for the many classes that hold none. A false hit (such bytes inside
     * another constant) only costs the exact check that follows.
     */
    private boolean mentionsAnyName(byte[] classBytes) {
        byte[][] names = catalog.methodNameBytes();
        boolean[] starts = catalog.methodNameStarts();
        for (int i = 3, n = classBytes.length; i < n; i++) {
            if (!starts[classBytes[i] & 0xFF] || classBytes[i - 3] != 1 /* CONSTANT_Utf8 */) {
                continue;
            }
            int length = ((classBytes[i - 2] & 0xFF) << 8) | (classBytes[i - 1] & 0xFF);
            for (byte[] name : names) {
                if (name.length == length && i + length <= n && sameBytes(classBytes, i, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameBytes(byte[] bytes, int from, byte[] expected) {
        for (int j = 0; j < expected.length; j++) {
            if (bytes[from + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

    private List<Hook> hooksOf(ClassLoader loader, ClassReader reader) {
        if ((reader.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
            return List.of();
        }
        Set<String> declared = new HashSet<>();
        reader.accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0) {
                            declared.add(name + descriptor);
                        }
                        return null;
                    }
                },
                ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        List<Hook> hooks = new ArrayList<>();
        for (EffectCatalog.Hooked h : catalog.hooked()) {
            WovenMethod m = h.method();
            if (declared.contains(m.name() + m.descriptor())
                    && (m.supertypes().contains(reader.getClassName())
                            || hierarchy.findSupertype(
                                            loader, reader.getSuperName(), reader.getInterfaces(), m.supertypes())
                                    != null)) {
                hooks.add(new Hook(m.name(), m.descriptor(), h.hookId()));
            }
        }
        return hooks;
    }

    private static final class HookingVisitor extends ClassVisitor {
        private final List<Hook> hooks;
        private final String className;
        private int version;

        HookingVisitor(ClassVisitor next, List<Hook> hooks, String className) {
            super(Opcodes.ASM9, next);
            this.hooks = hooks;
            this.className = className;
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.version = version & 0xFFFF;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            for (Hook h : hooks) {
                if (h.name().equals(name) && h.descriptor().equals(descriptor)) {
                    boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                    return new EntryHook(mv, h.boundary(), className, isStatic, descriptor, version >= Opcodes.V1_6);
                }
            }
            return mv;
        }
    }

    /** Emits the hook before the method's first instruction. */
    private static final class EntryHook extends MethodVisitor {
        private final String boundary;
        private final String owner;
        private final boolean isStatic;
        private final String descriptor;
        private final boolean frames;

        EntryHook(
                MethodVisitor mv, String boundary, String owner, boolean isStatic, String descriptor, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.boundary = boundary;
            this.owner = owner;
            this.isStatic = isStatic;
            this.descriptor = descriptor;
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Type[] params = Type.getArgumentTypes(descriptor);
            Type returns = Type.getReturnType(descriptor);
            visitLdcInsn(boundary);
            if (isStatic) {
                visitInsn(Opcodes.ACONST_NULL);
            } else {
                visitVarInsn(Opcodes.ALOAD, 0);
            }
            pushInt(params.length);
            visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int slot = isStatic ? 0 : 1;
            List<Object> locals = new ArrayList<>();
            if (!isStatic) {
                locals.add(owner);
            }
            for (int i = 0; i < params.length; i++) {
                visitInsn(Opcodes.DUP);
                pushInt(i);
                visitVarInsn(params[i].getOpcode(Opcodes.ILOAD), slot);
                box(params[i]);
                visitInsn(Opcodes.AASTORE);
                slot += params[i].getSize();
                locals.add(frameType(params[i]));
            }
            visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "effect", EFFECT_DESC, false);
            visitInsn(Opcodes.DUP);
            visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, "PROCEED", "Ljava/lang/Object;");
            Label proceed = new Label();
            visitJumpInsn(Opcodes.IF_ACMPEQ, proceed);
            unboxAndReturn(returns);
            visitLabel(proceed);
            if (frames) {
                visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Object"});
            }
            visitInsn(Opcodes.POP);
        }

        private void pushInt(int value) {
            if (value <= 5) {
                visitInsn(Opcodes.ICONST_0 + value);
            } else {
                visitIntInsn(Opcodes.BIPUSH, value);
            }
        }

        private void box(Type t) {
            if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                return;
            }
            Type boxed = boxOf(t);
            visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    boxed.getInternalName(),
                    "valueOf",
                    "(" + t.getDescriptor() + ")" + boxed.getDescriptor(),
                    false);
        }

        private void unboxAndReturn(Type t) {
            switch (t.getSort()) {
                case Type.VOID -> {
                    visitInsn(Opcodes.POP);
                    visitInsn(Opcodes.RETURN);
                }
                case Type.OBJECT, Type.ARRAY -> {
                    visitTypeInsn(Opcodes.CHECKCAST, t.getInternalName());
                    visitInsn(Opcodes.ARETURN);
                }
                default -> {
                    Type boxed = boxOf(t);
                    visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
                    visitMethodInsn(
                            Opcodes.INVOKEVIRTUAL,
                            boxed.getInternalName(),
                            t.getClassName() + "Value",
                            "()" + t.getDescriptor(),
                            false);
                    visitInsn(t.getOpcode(Opcodes.IRETURN));
                }
            }
        }

        private static Type boxOf(Type t) {
            return switch (t.getSort()) {
                case Type.BOOLEAN -> Type.getType(Boolean.class);
                case Type.BYTE -> Type.getType(Byte.class);
                case Type.CHAR -> Type.getType(Character.class);
                case Type.SHORT -> Type.getType(Short.class);
                case Type.INT -> Type.getType(Integer.class);
                case Type.LONG -> Type.getType(Long.class);
                case Type.FLOAT -> Type.getType(Float.class);
                case Type.DOUBLE -> Type.getType(Double.class);
                default -> throw new IllegalArgumentException(t.toString());
            };
        }

        private static Object frameType(Type t) {
            return switch (t.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.LONG -> Opcodes.LONG;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                case Type.ARRAY -> t.getDescriptor();
                default -> t.getInternalName();
            };
        }
    }
}
