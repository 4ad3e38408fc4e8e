package dev.lazarus.agent.internal.engine;

/** A durable call a test runs on a thread of its own, so that the test can move the clock while it waits. */
final class Running<T> {
    /** A call that may throw anything, as a durable method may. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws Throwable;
    }

    private final Thread thread;
    private T result;
    private Throwable failure;

    private Running(Call<T> call) {
        thread = new Thread(
                () -> {
                    try {
                        result = call.call();
                    } catch (Throwable t) {
                        failure = t;
                    }
                },
                "durable-call-under-test");
        thread.setDaemon(true);
    }

    static <T> Running<T> start(Call<T> call) {
        Running<T> r = new Running<>(call);
        r.thread.start();
        return r;
    }

    Thread thread() {
        return thread;
    }

    /** Waits for the call to end and returns its result, or throws what it threw. */
    T join() throws Throwable {
        thread.join();
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** Waits for the call to end and returns what it threw, or {@code null}. */
    Throwable joinFailure() throws InterruptedException {
        thread.join();
        return failure;
    }
}
