package dev.lazarus.agent.bridge;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.SwitchPoint;
import java.time.Duration;
import java.util.Optional;

/**
 * What the engine implements for the {@link Bridge}. It lives on the bootstrap class path with the
 * bridge, so instrumented classes in any class loader and the engine (in the agent's loader) agree on
 * it. Everything here is called either once per call site (the {@code resolve*} methods) or on the hot
 * path of instrumented code.
 */
public interface Dispatcher {
    /**
     * Resolves a journaled call site once, when the JVM links it (replay-silent sites are linked by the
     * bridge alone and never reach the engine).
     *
     * @param caller the class that contains the call
     * @param callerMethod name and descriptor of the method that contains the call
     * @param callee {@code owner.name(descriptor)} of the called method, owner in internal form
     * @param sourceFile the caller's source file name, or {@code null}
     * @param line the call's line number, or {@code -1}
     * @param retry the call's retry policy, encoded, or {@code ""} for none
     * @return the engine's own description of the site, handed back on every {@link #call}
     */
    Object resolveCallSite(
            Class<?> caller, String callerMethod, String callee, String sourceFile, int line, String retry);

    /**
     * Resolves a durable method once, when its entry call site is linked.
     *
     * @param owner the declaring class
     * @param name the method name
     * @param descriptor the method descriptor
     * @param isStatic whether the method is static
     * @param durableName the durable name from {@code @Durable(name)}, or {@code ""} for the default
     * @param keyIndex the index (among declared parameters) of the {@code @ExecutionKey} parameter, or -1
     * @param body invokes the method's body: {@code (Object[] receiverAndArgs)Object}
     * @return the engine's own description of the method, handed back on every {@link #durable}
     */
    Object resolveDurableMethod(
            Class<?> owner,
            String name,
            String descriptor,
            boolean isStatic,
            String durableName,
            int keyIndex,
            MethodHandle body);

    /**
     * An outbound call from a durable body. The engine decides: plain call, live journaled call, or
     * answered from the journal.
     */
    Object call(Object site, MethodHandle target, Object[] args) throws Throwable;

    /**
     * An effect at a catalogued boundary, from the entry of the woven library method (see
     * {@link Bridge#effect}): journaled as data live, answered from the journal on replay, or
     * {@link Bridge#PROCEED} when the method must run as written.
     */
    /**
     * A fork call site of a durable body (a task handed to another thread, a parallel stream, a
     * schedule-dependent outcome of a future): see {@link Bridge#KIND_FORK}.
     *
     * @param site what {@link #resolveCallSite} returned for it
     * @param target the original callee, {@code (Object[])Object}
     * @param args the call's arguments, the receiver first for an instance method
     * @return the callee's result
     * @throws Throwable the callee's exception, live or recorded
     */
    Object fork(Object site, MethodHandle target, Object[] args) throws Throwable;

    /**
     * The {@code Runnable} of a thread a durable body constructs, as a branch of the body's execution.
     *
     * @param task the runnable
     * @return what the thread runs instead; {@code task} itself outside an execution
     */
    Runnable branch(Runnable task);

    Object effect(String boundary, Object receiver, Object[] args) throws Throwable;

    /** @return whether this thread is replaying an execution (its journal is not exhausted yet) */
    boolean isReplaying();

    /** A call of a durable method: starts, joins, resumes or answers an execution. */
    Object durable(Object method, Object[] receiverAndArgs) throws Throwable;

    /**
     * Asked by the first instruction of every durable method: {@code true} when the engine itself has
     * just entered the body (run it), {@code false} when it is an ordinary call (route it to the engine).
     */
    boolean enterBody();

    /** A class that declares durable methods was initialised: its static executions may be recovered. */
    void classInitialized(Class<?> type);

    /**
     * Asked once per constructor hook, when the JVM links it: whether recovery waits for an instance of
     * the class.
     *
     * @param declaringClass a class that declares durable instance methods
     * @return a switch point that stays valid while recovery waits for an instance of the class and is
     *     invalidated once it has one, or {@code null} if it waits for none (then the hook does nothing)
     */
    SwitchPoint instanceAwaited(Class<?> declaringClass);

    /**
     * A constructor of a class that declares durable instance methods returned while recovery waits for
     * an instance of it (see {@link #instanceAwaited}).
     */
    void instanceCreated(Object instance, Class<?> declaringClass);

    <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout);

    void sendEvent(String name, String key, Object payload);

    void sleep(Duration duration);

    /** {@code Thread.sleep} in a durable body, rewritten: a durable timer inside an execution. */
    void threadSleep(long millis) throws InterruptedException;

    String executionId();

    String stepKey();

    boolean patched(String changeId);
}
