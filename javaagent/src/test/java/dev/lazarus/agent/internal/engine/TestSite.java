package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.config.RetryPolicy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * A journaled call site of a fixture's durable body, linked the way the bridge links a rewritten one: the
 * engine resolves it ({@link Dispatcher#resolveCallSite}) and every call goes to {@link Dispatcher#call}
 * with the original callee as a handle.
 */
final class TestSite {
    private final Method callee;
    private final String file;
    private final int line;
    private final String retry;
    private final MethodHandle target;

    private TestSite(Method callee, String file, int line, String retry) {
        this.callee = callee;
        this.file = file;
        this.line = line;
        this.retry = retry;
        try {
            // a JDK method (a fork site's ExecutorService.submit) is public in a package no test may open
            MethodHandle h = callee.getDeclaringClass().getName().startsWith("java.")
                    ? MethodHandles.publicLookup().unreflect(callee)
                    : MethodHandles.privateLookupIn(callee.getDeclaringClass(), MethodHandles.lookup())
                            .unreflect(callee);
            this.target = h.asSpreader(Object[].class, h.type().parameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param owner the callee's class
     * @param name the callee's name (unique in the class)
     * @param file the caller's source file, for messages
     * @param line the call's line
     */
    static TestSite of(Class<?> owner, String name, String file, int line) {
        Method[] matches = Arrays.stream(owner.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .toArray(Method[]::new);
        if (matches.length != 1) {
            throw new IllegalArgumentException(matches.length + " methods named " + name + " in " + owner);
        }
        return new TestSite(matches[0], file, line, "");
    }

    /**
     * A site calling one of several methods of that name (a JDK overload).
     *
     * @param owner the callee's class
     * @param name the callee's name
     * @param parameters its parameter types
     * @param file the caller's source file, for messages
     * @param line the call's line
     */
    static TestSite of(Class<?> owner, String name, Class<?>[] parameters, String file, int line) {
        try {
            return new TestSite(owner.getMethod(name, parameters), file, line, "");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** @return this site with a retry policy, as {@code @Retry} on the callee gives it */
    TestSite retrying(RetryPolicy policy) {
        return new TestSite(callee, file, line, policy.encode());
    }

    /** @return {@code File.java:42}, as the engine names the site */
    String location() {
        return file + ":" + line;
    }

    /**
     * A call through this site.
     *
     * @param engine the engine
     * @param receiver the callee's receiver, or {@code null} for a static callee
     * @param args the arguments
     * @return the callee's result, live or from the journal
     * @throws Throwable the callee's exception, live or from the journal
     */
    Object call(Dispatcher engine, Object receiver, Object... args) throws Throwable {
        return engine.call(site(engine), target, arguments(receiver, args));
    }

    /**
     * A call through this site linked as a fork site (a task handed to another thread, a parallel stream).
     *
     * @param engine the engine
     * @param receiver the callee's receiver, or {@code null} for a static callee
     * @param args the arguments
     * @return the callee's result
     * @throws Throwable the callee's exception, live or from the journal
     */
    Object fork(Dispatcher engine, Object receiver, Object... args) throws Throwable {
        return engine.fork(site(engine), target, arguments(receiver, args));
    }

    private Object site(Dispatcher engine) {
        String descriptor = MethodType.methodType(callee.getReturnType(), callee.getParameterTypes())
                .toMethodDescriptorString();
        return engine.resolveCallSite(
                callee.getDeclaringClass(),
                "test()V",
                callee.getDeclaringClass().getName().replace('.', '/') + "." + callee.getName() + descriptor,
                file,
                line,
                retry);
    }

    private Object[] arguments(Object receiver, Object[] args) {
        if (Modifier.isStatic(callee.getModifiers())) {
            return args;
        }
        Object[] all = new Object[args.length + 1];
        all[0] = receiver;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
