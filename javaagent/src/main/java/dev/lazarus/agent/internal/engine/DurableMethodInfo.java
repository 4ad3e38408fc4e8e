package dev.lazarus.agent.internal.engine;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import org.objectweb.asm.Type;

/** One durable method, resolved once when its entry is linked. */
final class DurableMethodInfo {
    final Class<?> owner;
    final String name;
    final String descriptor;
    final boolean isStatic;
    /** The stable name of the execution type. */
    final String durableName;
    /** Index of the {@code @ExecutionKey} parameter, or -1. */
    final int keyIndex;
    /** Invokes the method itself, {@code (Object[] receiverAndArgs)Object}. */
    final MethodHandle body;
    /** {@code owner.name(descriptor)} in internal form, as a parent's step names a child. */
    final String callee;
    /** The application the owner belongs to ({@link ApplicationName}): part of every execution's identity. */
    final String application;
    /** The owner's loader ({@link ValueLoaders}): every journaled value of the method is encoded and decoded in it. */
    private final ClassLoader loader;

    DurableMethodInfo(
            Class<?> owner,
            String name,
            String descriptor,
            boolean isStatic,
            String durableName,
            int keyIndex,
            MethodHandle body) {
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.isStatic = isStatic;
        this.durableName = durableName.isEmpty() ? defaultName(owner, name, descriptor) : durableName;
        this.keyIndex = keyIndex;
        this.body = body;
        this.callee = owner.getName().replace('.', '/') + "." + name + descriptor;
        this.application = ApplicationName.of(owner);
        this.loader = ValueLoaders.of(owner);
    }

    /** {@code pkg.Class#method(ParamTypes)} with simple parameter type names. */
    static String defaultName(Class<?> owner, String name, String descriptor) {
        StringBuilder sb =
                new StringBuilder(owner.getName()).append('#').append(name).append('(');
        Type[] args = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = args[i].getClassName();
            sb.append(c.substring(c.lastIndexOf('.') + 1));
        }
        return sb.append(')').toString();
    }

    /** @return the name of the declared parameter, or {@code argN} when compiled without {@code -parameters} */
    String parameterName(int index) {
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                return m.getParameters()[index].getName();
            }
        }
        return "arg" + index;
    }

    /** @return {@code com.acme.Agent.run(String)} for messages */
    String display() {
        return durableName.contains("#") ? durableName.replace('#', '.') : durableName;
    }

    ClassLoader loader() {
        return loader;
    }
}
