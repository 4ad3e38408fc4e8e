package dev.lazarus.it.apps.parallel;

/** The ways the agent runs one fan-out of lookups: the JDK's ways of handing work to other threads. */
public enum FanOutStyle {
    /** {@code CompletableFuture.supplyAsync(() -> tools.lookup(t), executor)} each, then {@code join} each. */
    SUPPLY_ASYNC(17),
    /** {@code executor.submit(() -> tools.lookup(t))} on a fixed pool made in the body, then {@code get} each. */
    SUBMIT(17),
    /** {@code submit} on {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+, looked up reflectively). */
    VIRTUAL_EXECUTOR(21),
    /** {@code topics.parallelStream().map(tools::lookup)...collect(toList())}. */
    PARALLEL_STREAM(17),
    /** {@code executor.invokeAll(callables)} on an executor held in a field, then {@code get} each. */
    INVOKE_ALL(17),
    /** {@code new Thread(runnable).start()} each, then {@code join} each; results in an array. */
    THREADS(17),
    /** {@code Thread.ofVirtual().start(runnable)} each (JDK 21+: {@code VirtualThreadsAgent}), then {@code join}. */
    VIRTUAL_THREADS(21),
    /**
     * {@code scope.fork(callable)} each in a {@code StructuredTaskScope.open()}, {@code join()}, then each subtask's
     * {@code get()} (a preview API of JDK 25: {@code StructuredScopeAgent}).
     */
    STRUCTURED_SCOPE(25);

    private final int sinceJdk;

    FanOutStyle(int sinceJdk) {
        this.sinceJdk = sinceJdk;
    }

    /** @return the first JDK feature release that has the API this style uses */
    public int sinceJdk() {
        return sinceJdk;
    }
}
