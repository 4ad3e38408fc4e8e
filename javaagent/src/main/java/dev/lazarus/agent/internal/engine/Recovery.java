package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.codec.ValueCodec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * Resumes the executions that earlier processes left unfinished (SPEC section 4): static-method
 * executions once their class is initialised, instance-method executions on the first instance of
 * the declaring class that this process constructs. Each runs on an engine thread (a virtual thread
 * where the JDK has them) by calling the durable method again with its journaled arguments; the
 * engine recognises the call and replays the execution.
 *
 * <p>With {@code recover=manual} nothing is scheduled: executions resume when the application calls
 * the method again with the same identity.
 */
final class Recovery {
    private final boolean automatic;
    private final Executor executor;
    private final Logger log;
    private final ValueCodec codec;
    private Engine engine;
    /** Unfinished executions by declaring class name, static and instance separately. */
    private final Map<String, List<ExecutionRecord>> pendingStatic = new HashMap<>();
    private final Map<String, List<ExecutionRecord>> pendingInstance = new HashMap<>();
    /**
     * Whether any instance-method execution still waits for its instance: the constructor hook runs on
     * every construction of such a class for the life of the process, and this keeps it to one read.
     */
    private volatile boolean instancesPending;

    Recovery(boolean automatic, Executor executor, Logger log, ValueCodec codec) {
        this.automatic = automatic;
        this.executor = executor;
        this.log = log;
        this.codec = codec;
    }

    void attach(Engine engine) {
        this.engine = engine;
    }

    /** Registers executions to resume; called once at start-up, before any class is instrumented. */
    synchronized void schedule(List<ExecutionRecord> unfinished) {
        if (!automatic) {
            return;
        }
        for (ExecutionRecord r : unfinished) {
            Map<String, List<ExecutionRecord>> target = r.started.isStatic() ? pendingStatic : pendingInstance;
            target.computeIfAbsent(r.started.className(), k -> new ArrayList<>()).add(r);
        }
        instancesPending = !pendingInstance.isEmpty();
    }

    void classInitialized(Class<?> type) {
        List<ExecutionRecord> due;
        synchronized (this) {
            due = pendingStatic.remove(type.getName());
        }
        if (due != null) {
            for (ExecutionRecord r : due) {
                executor.execute(() -> resume(type, null, r));
            }
        }
    }

    void instanceCreated(Object instance, Class<?> declaringClass) {
        if (!instancesPending || instance.getClass() != declaringClass) {
            return; // a subclass's constructor has not finished yet; wait for an instance of the class itself
        }
        List<ExecutionRecord> due;
        synchronized (this) {
            due = pendingInstance.remove(declaringClass.getName());
            instancesPending = !pendingInstance.isEmpty();
        }
        if (due != null) {
            for (ExecutionRecord r : due) {
                executor.execute(() -> resume(declaringClass, instance, r));
            }
        }
    }

    private void resume(Class<?> type, Object receiver, ExecutionRecord r) {
        String what = "execution " + r.id() + " of " + r.started.durableName();
        try {
            MethodType methodType = MethodType.fromMethodDescriptorString(r.started.methodDescriptor(),
                    type.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            MethodHandle entry = r.started.isStatic()
                    ? lookup.findStatic(type, r.started.methodName(), methodType)
                    : lookup.findVirtual(type, r.started.methodName(), methodType).bindTo(receiver);
            Object[] args;
            try {
                args = (Object[]) codec.decode(r.started.arguments(), type.getClassLoader());
            } catch (dev.lazarus.store.codec.CodecException e) {
                engine.failUnresumable(r.id(), "its arguments no longer deserialize: " + e.getMessage());
                return;
            }
            engine.resumeNext(r.id());
            Object result = entry.invokeWithArguments(args);
            log.info("recovered {}: completed{}", what, result == null ? "" : " with " + abbreviate(result));
        } catch (dev.lazarus.NonDeterminismException e) {
            log.error("recovered {}: {}", what, e.getMessage());
        } catch (Throwable t) {
            log.warn("recovered {}: it ended by throwing {}: {}", what, t.getClass().getName(), t.getMessage());
        }
    }

    private static String abbreviate(Object result) {
        String s = String.valueOf(result);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
