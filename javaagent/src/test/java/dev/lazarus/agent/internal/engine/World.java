package dev.lazarus.agent.internal.engine;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside world of the engine's fixtures: a service whose calls the tests count (a call answered from
 * the journal does not reach it), which can fail a number of times, and which can hang until the process
 * "dies" (the harness interrupts the threads of an engine it restarts; an interrupted thread reaches nothing
 * here). It outlives restarts, as the real world does.
 */
final class World {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Semaphore hanging = new Semaphore(0);
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** @return how many times the service really ran {@code method} with {@code argument} */
    int calls(String method, String argument) {
        AtomicInteger n = calls.get(method + "(" + argument + ")");
        return n == null ? 0 : n.get();
    }

    private int count(String method, String argument) {
        if (Thread.currentThread().isInterrupted()) {
            // the harness "kills" a process by interrupting its threads, and some waits end quietly on an
            // interrupt (Lazarus.sleep keeps it set): a thread of a dead process reaches nothing outside
            throw new IllegalStateException(
                    "the process of " + Thread.currentThread().getName() + " was killed");
        }
        return calls.computeIfAbsent(method + "(" + argument + ")", k -> new AtomicInteger())
                .incrementAndGet();
    }

    /** The next {@code n} calls of {@link Service#flaky} fail. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    /**
     * Blocks until a call of {@link Service#hang} is hanging in {@code call}.
     *
     * @throws AssertionError if {@code call} ends instead, with what it returned or threw
     */
    void awaitHanging(Running<?> call) throws InterruptedException {
        while (!hanging.tryAcquire(10, TimeUnit.MILLISECONDS)) {
            if (!call.thread().isAlive()) {
                Throwable failure = call.joinFailure();
                throw new AssertionError("the call ended instead of hanging: " + failure, failure);
            }
        }
    }

    /** The service a fixture reaches through a field: its calls are journaled. */
    final class Service {
        /** @return an answer that tells which real call made it */
        String find(String query) {
            return "found " + query + " #" + count("find", query);
        }

        /** @return an answer that tells which real call made it */
        String fetch(String url) {
            return "page " + url + " #" + count("fetch", url);
        }

        /** Fails while {@link #failNext} says so. */
        String flaky(String query) throws IOException {
            int n = count("flaky", query);
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("unavailable (call " + n + ")");
            }
            return "answered " + query + " on call " + n;
        }

        /** Always fails. */
        String broken(String query) throws IOException {
            throw new IOException("broken " + query + " #" + count("broken", query));
        }

        /** Hangs until interrupted: the process dies in this call. */
        String hang(String query) throws InterruptedException {
            count("hang", query);
            hanging.release();
            Thread.sleep(Long.MAX_VALUE);
            throw new AssertionError("unreachable");
        }
    }
}
