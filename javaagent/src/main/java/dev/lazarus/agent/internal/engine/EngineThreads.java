package dev.lazarus.agent.internal.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads on which recovered executions run: a virtual thread per execution where the JDK has them
 * (21+), otherwise a daemon platform thread per execution from a cached pool. Daemon either way: a
 * process that exits stops them, which is safe, because they resume at the next start.
 */
final class EngineThreads {
    private EngineThreads() {}

    static Executor create() {
        try {
            MethodHandle factory = MethodHandles.publicLookup()
                    .findStatic(
                            Executors.class,
                            "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class));
            return (ExecutorService) factory.invokeExact();
        } catch (Throwable noVirtualThreads) {
            AtomicInteger count = new AtomicInteger();
            return Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "lazarus-recovery-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }
}
