package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.bridge.Dispatcher;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * A durable method of a test fixture, linked the way the bridge links the entry of a rewritten one: the
 * engine resolves it once ({@link Dispatcher#resolveDurableMethod}) with a handle that invokes the method
 * itself, and every call goes to {@link Dispatcher#durable}. The fixture method starts as a rewritten one
 * does:
 *
 * <pre>
 * String run(String topic) throws Throwable {
 *     if (!h.engine().enterBody()) {
 *         return (String) RUN.call(h.engine(), this, topic);
 *     }
 *     ... the body ...
 * }
 * </pre>
 */
final class TestDurable {
    private final Method method;
    private final String durableName;
    private final int keyIndex;
    private final MethodHandle body;

    private TestDurable(Method method, String durableName, int keyIndex) {
        this.method = method;
        this.durableName = durableName;
        this.keyIndex = keyIndex;
        try {
            MethodHandles.Lookup lookup =
                    MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
            MethodHandle self = lookup.unreflect(method);
            this.body = self.asSpreader(Object[].class, self.type().parameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param owner the fixture class
     * @param name the name of its durable method (unique in the class)
     * @param keyIndex the index of its {@code @ExecutionKey} parameter, or -1 for an implicit key
     */
    static TestDurable of(Class<?> owner, String name, int keyIndex) {
        return named(owner, name, keyIndex, "");
    }

    /** As {@link #of}, with a {@code @Durable(name = ...)}. */
    static TestDurable named(Class<?> owner, String name, int keyIndex, String durableName) {
        Method[] matches = Arrays.stream(owner.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .toArray(Method[]::new);
        if (matches.length != 1) {
            throw new IllegalArgumentException(matches.length + " methods named " + name + " in " + owner);
        }
        return new TestDurable(matches[0], durableName, keyIndex);
    }

    /**
     * A call of the durable method, as its rewritten entry makes it.
     *
     * @param engine the engine
     * @param receiver the instance, or {@code null} for a static method
     * @param args the arguments
     * @return the execution's result
     * @throws Throwable the execution's exception
     */
    Object call(Dispatcher engine, Object receiver, Object... args) throws Throwable {
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        Object linked = engine.resolveDurableMethod(
                method.getDeclaringClass(),
                method.getName(),
                MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                        .toMethodDescriptorString(),
                isStatic,
                durableName,
                keyIndex,
                body);
        Object[] receiverAndArgs;
        if (isStatic) {
            receiverAndArgs = args;
        } else {
            receiverAndArgs = new Object[args.length + 1];
            receiverAndArgs[0] = receiver;
            System.arraycopy(args, 0, receiverAndArgs, 1, args.length);
        }
        return engine.durable(linked, receiverAndArgs);
    }
}
