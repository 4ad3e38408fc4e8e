package dev.lazarus.agent.bridge;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.time.Duration;
import java.util.Optional;

/**
 * The only class that instrumented code refers to. It sits on the bootstrap class path so that every
 * class loader resolves the same one, holds the engine's {@link Dispatcher}, and offers the
 * {@code invokedynamic} bootstrap methods with which instrumented call sites are linked once.
 *
 * <p>Keep it tiny: whatever is here cannot be relocated or isolated. The {@code dev.lazarus.Lazarus}
 * facade finds this class by name and calls its public static methods.
 */
public final class Bridge {
    /** An outbound call whose outcome is journaled. */
    public static final int KIND_JOURNALED = 1;
    /** A logging call: run live, skipped on replay. */
    public static final int KIND_SILENT = 2;
    /**
     * A fork call: hands work to other threads (an executor, a completion stage, a thread builder, a parallel
     * stream), whose tasks run as branches of the execution; or reads how branches fared at a moment the
     * scheduler chose ({@code Future.isDone}, {@code get} with a timeout, {@code cancel}, {@code anyOf}), an
     * outcome journaled as a decision of the forker.
     */
    public static final int KIND_FORK = 3;

    /**
     * What {@link #effect} returns when the woven library method must run as written: the thread runs no
     * execution, or the call is the engine's own live performance of the effect.
     */
    public static final Object PROCEED = new Object();

    private static final MethodHandle CALL;
    private static final MethodHandle FORK;
    private static final MethodHandle DURABLE;
    private static final MethodHandle REPLAYING;
    private static final MethodHandle INSTANCE_CREATED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALL = lookup.findStatic(
                    Bridge.class,
                    "call",
                    MethodType.methodType(Object.class, Object.class, MethodHandle.class, Object[].class));
            FORK = lookup.findStatic(
                    Bridge.class,
                    "fork",
                    MethodType.methodType(Object.class, Object.class, MethodHandle.class, Object[].class));
            DURABLE = lookup.findStatic(
                    Bridge.class, "durable", MethodType.methodType(Object.class, Object.class, Object[].class));
            REPLAYING = lookup.findStatic(Bridge.class, "isReplaying", MethodType.methodType(boolean.class));
            INSTANCE_CREATED = lookup.findStatic(
                    Bridge.class, "instanceCreated", MethodType.methodType(void.class, Object.class, Class.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static volatile Dispatcher dispatcher;

    private Bridge() {}

    /**
     * Installs the engine. Called once by the agent before any class is instrumented.
     *
     * @param engine the engine
     */
    public static void install(Dispatcher engine) {
        dispatcher = engine;
    }

    private static Dispatcher engine() {
        Dispatcher d = dispatcher;
        if (d == null) {
            throw new IllegalStateException("LAZ-002: the Lazarus engine is not installed; the agent failed to start"
                    + " (see the first lines of this process's error output)");
        }
        return d;
    }

    // ---- invokedynamic bootstrap methods ------------------------------------------------------------

    /**
     * Links an outbound call site of a durable body. The site keeps the original call's type; the
     * arguments are collected into an array and handed to the engine with the original target.
     */
    public static CallSite bootstrapCall(
            MethodHandles.Lookup caller,
            String name,
            MethodType type,
            MethodHandle target,
            int kind,
            String callerMethod,
            String callee,
            String sourceFile,
            int line,
            String retry) {
        // The call site passes a varargs callee its array itself, as javac compiled it: a variable-arity
        // handle would collect that array into another one when the spreader below calls it.
        target = target.asFixedArity();
        if (kind == KIND_SILENT) {
            // A guard, not a call through the engine: while the logger runs, no agent frame is on the stack,
            // so loggers that find their caller by walking the stack (JUL, Log4j) still name the application.
            MethodHandle test = MethodHandles.dropArguments(REPLAYING, 0, type.parameterList());
            return new ConstantCallSite(
                    MethodHandles.guardWithTest(test, MethodHandles.empty(type), target.asType(type)));
        }
        int arity = type.parameterCount();
        MethodHandle spread = target.asType(type)
                .asSpreader(Object[].class, arity)
                .asType(MethodType.methodType(Object.class, Object[].class));
        Object site = engine().resolveCallSite(caller.lookupClass(), callerMethod, callee, sourceFile, line, retry);
        MethodHandle adapter = MethodHandles.insertArguments(kind == KIND_FORK ? FORK : CALL, 0, site, spread)
                .asCollector(Object[].class, arity)
                .asType(type);
        return new ConstantCallSite(adapter);
    }

    /**
     * Links the entry of a durable method: the call is routed to the engine, which starts, joins,
     * resumes or answers the execution and, when the body has to run, invokes the method itself again
     * (its first instruction then asks {@link #enterBody()} and runs the body).
     */
    public static CallSite bootstrapDurable(
            MethodHandles.Lookup caller, String name, MethodType type, int isStatic, String durableName, int keyIndex)
            throws ReflectiveOperationException {
        Class<?> owner = caller.lookupClass();
        boolean statik = isStatic != 0;
        MethodType declared = statik ? type : type.dropParameterTypes(0, 1);
        // fixed arity: a varargs durable method receives its array as the caller built it (see bootstrapCall)
        MethodHandle self = (statik
                        ? caller.findStatic(owner, name, declared)
                        : caller.findSpecial(owner, name, declared, owner))
                .asFixedArity();
        int arity = type.parameterCount();
        MethodHandle body =
                self.asSpreader(Object[].class, arity).asType(MethodType.methodType(Object.class, Object[].class));
        Object method = engine().resolveDurableMethod(
                        owner, name, declared.toMethodDescriptorString(), statik, durableName, keyIndex, body);
        MethodHandle adapter = MethodHandles.insertArguments(DURABLE, 0, method)
                .asCollector(Object[].class, arity)
                .asType(type);
        return new ConstantCallSite(adapter);
    }

    /**
     * Links the hook at the end of each constructor of a class that declares durable instance methods:
     * {@code (Object this)V}. While recovery waits for an instance of the class, the hook hands each new
     * instance to the engine; once it has one, or if it never waited (nothing unfinished in the journal,
     * {@code recover=manual}), the site does nothing. The switch is a {@link SwitchPoint}, so compiled code
     * keeps no call and no test, and the new object does not escape through the hook.
     */
    public static CallSite bootstrapInstanceCreated(MethodHandles.Lookup caller, String name, MethodType type) {
        Class<?> owner = caller.lookupClass();
        Dispatcher d = dispatcher;
        SwitchPoint awaited = d == null ? null : d.instanceAwaited(owner);
        MethodHandle nothing = MethodHandles.empty(type);
        if (awaited == null) {
            return new ConstantCallSite(nothing);
        }
        MethodHandle hook =
                MethodHandles.insertArguments(INSTANCE_CREATED, 1, owner).asType(type);
        return new ConstantCallSite(awaited.guardWithTest(hook, nothing));
    }

    // ---- what linked call sites and instrumented code call ----------------------------------------

    /** The target of every linked outbound call site. */
    public static Object call(Object site, MethodHandle target, Object[] args) throws Throwable {
        return engine().call(site, target, args);
    }

    /** The target of every linked fork call site (see {@link #KIND_FORK}). */
    public static Object fork(Object site, MethodHandle target, Object[] args) throws Throwable {
        return engine().fork(site, target, args);
    }

    /**
     * What a thread constructed in a durable body runs: {@code new Thread(runnable)} (and every {@code Thread}
     * constructor taking a {@code Runnable}) is rewritten to pass {@code branch(runnable)} instead, so that the
     * task runs as a branch of the execution; outside an execution, and before the engine is installed, the
     * runnable itself.
     *
     * @param task the runnable
     * @return the task the thread runs
     */
    public static Runnable branch(Runnable task) {
        Dispatcher d = dispatcher;
        return d == null ? task : d.branch(task);
    }

    /**
     * The first instruction of every library or JDK method the effect catalog weaves (an HTTP client's
     * {@code send}, a JDBC statement's {@code execute}). Outside an execution, and before the engine is
     * installed, it returns {@link #PROCEED} at once and the method runs as written.
     *
     * @param boundary the boundary's stable name in the catalog
     * @param receiver the object the method was called on, {@code null} for a static method
     * @param args the method's arguments, primitives boxed
     * @return {@link #PROCEED}, or the value the method must return (live, or rebuilt from the journal)
     * @throws Throwable the effect's exception, live or recorded; LAZ-301 if replay diverges
     */
    public static Object effect(String boundary, Object receiver, Object[] args) throws Throwable {
        Dispatcher d = dispatcher;
        return d == null ? PROCEED : d.effect(boundary, receiver, args);
    }

    /** The target of every linked durable-method entry. */
    public static Object durable(Object method, Object[] receiverAndArgs) throws Throwable {
        return engine().durable(method, receiverAndArgs);
    }

    /** Whether this thread is replaying an execution: replay-silent calls are skipped then. */
    public static boolean isReplaying() {
        Dispatcher d = dispatcher;
        return d != null && d.isReplaying();
    }

    /** First instruction of every durable method: whether to run the body (see {@link Dispatcher#enterBody()}). */
    public static boolean enterBody() {
        Dispatcher d = dispatcher;
        return d == null || d.enterBody();
    }

    /** Called at the start of the static initialiser of classes that declare durable methods. */
    public static void classInitialized(Class<?> type) {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.classInitialized(type);
        }
    }

    /** What a constructor's hook calls while recovery waits for an instance (see {@link #bootstrapInstanceCreated}). */
    private static void instanceCreated(Object instance, Class<?> declaringClass) {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.instanceCreated(instance, declaringClass);
        }
    }

    // ---- the facade (dev.lazarus.Lazarus) ----------------------------------------------------------

    /** @see Dispatcher#awaitEvent */
    public static Optional<?> awaitEvent(String name, String key, Class<?> type, Duration timeout) {
        return engine().awaitEvent(name, key, type, timeout);
    }

    /** @see Dispatcher#sendEvent */
    public static void sendEvent(String name, String key, Object payload) {
        engine().sendEvent(name, key, payload);
    }

    /** @see Dispatcher#sleep */
    public static void sleep(Duration duration) {
        engine().sleep(duration);
    }

    /** {@code Thread.sleep(long)} in a durable body is rewritten to this: a durable timer. */
    public static void threadSleep(long millis) throws InterruptedException {
        Dispatcher d = dispatcher;
        if (d == null) {
            Thread.sleep(millis);
        } else {
            d.threadSleep(millis);
        }
    }

    /** {@code Thread.sleep(long, int)} in a durable body; the nanoseconds are rounded up to a millisecond. */
    public static void threadSleep(long millis, int nanos) throws InterruptedException {
        threadSleep(nanos > 0 && millis < Long.MAX_VALUE ? millis + 1 : millis);
    }

    /** {@code Thread.sleep(Duration)} (JDK 19+) in a durable body. */
    public static void threadSleep(Duration duration) throws InterruptedException {
        threadSleep(Math.max(0, duration.toMillis()));
    }

    /** @see Dispatcher#executionId */
    public static String executionId() {
        return engine().executionId();
    }

    /** @see Dispatcher#stepKey */
    public static String stepKey() {
        return engine().stepKey();
    }

    /** @see Dispatcher#patched */
    public static boolean patched(String changeId) {
        return engine().patched(changeId);
    }
}
