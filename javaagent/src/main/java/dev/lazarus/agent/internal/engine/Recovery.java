package dev.lazarus.agent.internal.engine;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.codec.CodecException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.SwitchPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * Resumes the executions that earlier processes left unfinished: static-method executions once their
 * class is initialised, instance-method executions on the first instance of the declaring class that this
 * process constructs (after its constructor returned). Each runs on an engine thread (a virtual thread
 * where the JDK has them) by calling the durable method again with its journaled arguments; the
 * engine recognises the call and replays the execution.
 *
 * <p>Executions are matched to classes by application and class name ({@link ApplicationName}): a class
 * resumes only the executions of its own application, never those of another application in the same JVM
 * that defines a class of the same name.
 *
 * <p>With {@code recover=manual} nothing is scheduled: executions resume when the application calls
 * the method again with the same identity.
 */
final class Recovery {
    private final boolean automatic;
    private final Executor executor;
    private final Logger log;
    private final ExecutionContext context;
    private final ExecutionOutcomes outcomes;
    /** Unfinished executions by application and declaring class name ({@link #classKey}), static and instance apart. */
    private final Map<String, List<ExecutionRecord>> pendingStatic = new HashMap<>();

    private final Map<String, List<ExecutionRecord>> pendingInstance = new HashMap<>();
    /**
     * One switch point per class in {@link #pendingInstance}, invalidated when its executions are
     * dispatched: the constructor hooks of the class are guarded by it, so they cost nothing after that,
     * for the life of the process.
     */
    private final Map<String, SwitchPoint> instanceAwaited = new HashMap<>();

    Recovery(boolean automatic, Executor executor, ExecutionContext context, ExecutionOutcomes outcomes) {
        this.automatic = automatic;
        this.executor = executor;
        this.context = context;
        this.outcomes = outcomes;
        this.log = context.log();
    }

    private static String classKey(String application, String className) {
        return application + '\u0000' + className;
    }

    private static String classKey(Class<?> type) {
        return classKey(ApplicationName.of(type), type.getName());
    }

    /** Registers executions to resume; called once at start-up, before any class is instrumented. */
    synchronized void schedule(List<ExecutionRecord> unfinished) {
        if (!automatic) {
            return;
        }
        for (ExecutionRecord r : unfinished) {
            Map<String, List<ExecutionRecord>> target = r.started.isStatic() ? pendingStatic : pendingInstance;
            target.computeIfAbsent(classKey(r.started.application(), r.started.className()), k -> new ArrayList<>())
                    .add(r);
        }
        for (String classKey : pendingInstance.keySet()) {
            instanceAwaited.put(classKey, new SwitchPoint());
        }
    }

    /**
     * Only executions found in the journal at start-up are recovered automatically ({@link #schedule}
     * runs before any class is instrumented; a {@code retry} that arrives later resumes at the next
     * start), so a class that has none now never will in this process.
     *
     * @return the switch point of a class whose instance recovery waits for, or {@code null}
     */
    synchronized SwitchPoint instanceAwaited(Class<?> declaringClass) {
        return instanceAwaited.get(classKey(declaringClass));
    }

    void classInitialized(Class<?> type) {
        List<ExecutionRecord> due;
        synchronized (this) {
            due = pendingStatic.remove(classKey(type));
        }
        if (due != null) {
            dispatch(type, null, due);
        }
    }

    void instanceCreated(Object instance, Class<?> declaringClass) {
        if (instance.getClass() != declaringClass) {
            return; // a subclass's constructor has not finished yet; wait for an instance of the class itself
        }
        List<ExecutionRecord> due;
        SwitchPoint awaited;
        synchronized (this) {
            String key = classKey(declaringClass);
            due = pendingInstance.remove(key);
            awaited = instanceAwaited.remove(key);
        }
        if (awaited != null) {
            SwitchPoint.invalidateAll(new SwitchPoint[] {awaited}); // the hooks of this class do nothing from now on
        }
        if (due != null) {
            dispatch(declaringClass, instance, due);
        }
    }

    /**
     * Starts one engine thread per execution. Each durable method's entry is resolved once for all its
     * executions: per execution (a lookup, a bound handle, {@code invokeWithArguments}) it cost more than
     * replaying a few steps, ten thousand times over at a start-up.
     */
    private void dispatch(Class<?> type, Object receiver, List<ExecutionRecord> due) {
        log.info("resuming {} unfinished execution(s) of {}", due.size(), type.getName());
        Map<String, RecoveryEntry> entries = new HashMap<>();
        for (ExecutionRecord r : due) {
            RecoveryEntry entry = entries.computeIfAbsent(
                    r.started.methodName() + r.started.methodDescriptor(), k -> RecoveryEntry.resolve(type, r.started));
            executor.execute(() -> resume(type, receiver, entry, r));
        }
    }

    private void resume(Class<?> type, Object receiver, RecoveryEntry entry, ExecutionRecord r) {
        try {
            MethodHandle invoker = entry.invoker();
            Object[] args;
            try {
                args = (Object[]) context.codec().decode(r.started.arguments(), ValueLoaders.of(type));
            } catch (CodecException e) {
                outcomes.failUnresumable(r.id(), "its arguments no longer deserialize: " + e.getMessage());
                return;
            }
            context.thread().resumeExecutionId = r.id(); // the durable call below resumes this very execution
            Object result = (Object) invoker.invokeExact(receiver, args);
            if (log.isDebugEnabled()) {
                log.debug(
                        "recovered {}: completed{}", describe(r), result == null ? "" : " with " + abbreviate(result));
            }
        } catch (NonDeterminismException e) {
            log.error("recovered {}: {}", describe(r), e.getMessage());
        } catch (Throwable t) {
            log.warn(
                    "recovered {}: it ended by throwing {}: {}",
                    describe(r),
                    t.getClass().getName(),
                    t.getMessage());
        }
    }

    private static String describe(ExecutionRecord r) {
        return "execution " + r.id() + " of " + r.started.durableName();
    }

    private static String abbreviate(Object result) {
        String s = String.valueOf(result);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
