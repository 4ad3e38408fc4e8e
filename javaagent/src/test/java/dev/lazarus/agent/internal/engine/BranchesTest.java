package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.BaseStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work a durable body hands to other threads runs as branches of its execution: each task's journaled calls are
 * positioned within its branch, named by the order the body forked it, so a replay answers every branch from
 * its own record whatever thread runs it and in whatever order, and a process killed in the middle of a fan-out
 * pays again only for the calls that were in flight. Outcomes that depend on scheduling (which task of
 * {@code invokeAny} won, whether a timed {@code get} timed out, which future of {@code anyOf} completed first)
 * are journaled.
 *
 * <p>Fork sites are called here as instrumented bodies call them: through {@link Dispatcher#fork}.
 */
class BranchesTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 10);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 11);
    private static final TestSite SUBMIT =
            TestSite.of(ExecutorService.class, "submit", new Class<?>[] {Callable.class}, "Agent.java", 12);
    private static final TestSite INVOKE_ALL =
            TestSite.of(ExecutorService.class, "invokeAll", new Class<?>[] {Collection.class}, "Agent.java", 13);
    private static final TestSite INVOKE_ANY =
            TestSite.of(ExecutorService.class, "invokeAny", new Class<?>[] {Collection.class}, "Agent.java", 14);
    private static final TestSite SUPPLY_ASYNC = TestSite.of(
            CompletableFuture.class, "supplyAsync", new Class<?>[] {Supplier.class, Executor.class}, "Agent.java", 15);
    private static final TestSite THEN_APPLY =
            TestSite.of(CompletableFuture.class, "thenApply", new Class<?>[] {Function.class}, "Agent.java", 16);
    private static final TestSite PARALLEL_STREAM =
            TestSite.of(Collection.class, "parallelStream", new Class<?>[0], "Agent.java", 17);
    private static final TestSite CANCEL =
            TestSite.of(Future.class, "cancel", new Class<?>[] {boolean.class}, "Agent.java", 21);
    private static final TestSite PARALLEL =
            TestSite.of(BaseStream.class, "parallel", new Class<?>[0], "Agent.java", 20);
    private static final TestSite TIMED_GET =
            TestSite.of(Future.class, "get", new Class<?>[] {long.class, TimeUnit.class}, "Agent.java", 18);
    private static final TestSite ANY_OF =
            TestSite.of(CompletableFuture.class, "anyOf", new Class<?>[] {CompletableFuture[].class}, "Agent.java", 19);

    /** The threads of the "process": shut down with it, as a killed process's threads end. */
    private final List<ExecutorService> pools = new ArrayList<>();

    @TempDir
    Path referenceDir;

    private ExecutorService pool(ExecutorService p) {
        pools.add(p);
        return p;
    }

    private void restart() throws InterruptedException {
        h.restart(() -> {
            for (ExecutorService p : pools) {
                p.shutdownNow();
            }
        });
        pools.clear();
    }

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    /** How a fan-out hands its four lookups to other threads. */
    enum Fork {
        SUBMIT,
        INVOKE_ALL,
        SUPPLY_ASYNC_THEN_APPLY,
        PARALLEL_STREAM
    }

    /**
     * The issue's agent: four lookups in parallel, a digest of their results, four more, a final answer. The
     * lookups pause a seeded random time first, so the order in which they reach the service varies.
     */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", 0);
        final EngineHarness harness;
        final World.Service service;
        final Fork fork;
        ExecutorService pool;
        /** The lookup that hangs until the process dies, or {@code null}. */
        volatile String hangOn;

        volatile Random delays;

        Agent(EngineHarness harness, World world, Fork fork) {
            this.harness = harness;
            this.service = world.new Service();
            this.fork = fork;
            this.pool = pool(fork == Fork.PARALLEL_STREAM ? new ForkJoinPool(4) : Executors.newFixedThreadPool(4));
        }

        Dispatcher engine() {
            return harness.engine();
        }

        String run(String topic) throws Throwable {
            if (!engine().enterBody()) {
                return (String) run.call(engine(), this, topic);
            }
            List<String> first = fanOut(topic + "-a");
            String digest = (String) FIND.call(engine(), service, "digest " + first);
            List<String> second = fanOut(topic + "-b");
            return (String) FIND.call(engine(), service, "final " + digest + " " + second);
        }

        @SuppressWarnings("unchecked")
        private List<String> fanOut(String prefix) throws Throwable {
            List<String> queries = List.of(prefix + 0, prefix + 1, prefix + 2, prefix + 3);
            switch (fork) {
                case SUBMIT: {
                    List<Future<String>> futures = new ArrayList<>();
                    for (String q : queries) {
                        Callable<String> task = () -> checked(() -> lookup(q));
                        futures.add((Future<String>) SUBMIT.fork(engine(), pool, task));
                    }
                    List<String> out = new ArrayList<>();
                    for (Future<String> f : futures) {
                        out.add(f.get());
                    }
                    return out;
                }
                case INVOKE_ALL: {
                    List<Callable<String>> tasks = new ArrayList<>();
                    for (String q : queries) {
                        tasks.add(() -> checked(() -> lookup(q)));
                    }
                    List<String> out = new ArrayList<>();
                    for (Future<String> f : (List<Future<String>>) INVOKE_ALL.fork(engine(), pool, tasks)) {
                        out.add(f.get());
                    }
                    return out;
                }
                case SUPPLY_ASYNC_THEN_APPLY: {
                    List<CompletableFuture<String>> futures = new ArrayList<>();
                    for (String q : queries) {
                        Supplier<String> task = () -> {
                            try {
                                return lookup(q);
                            } catch (Throwable t) {
                                throw new IllegalStateException(t);
                            }
                        };
                        CompletableFuture<String> f =
                                (CompletableFuture<String>) SUPPLY_ASYNC.fork(engine(), null, task, pool);
                        Function<String, String> then = r -> {
                            try {
                                return r + " / " + FIND.call(engine(), service, "more on " + q);
                            } catch (Throwable t) {
                                throw new IllegalStateException(t);
                            }
                        };
                        futures.add((CompletableFuture<String>) THEN_APPLY.fork(engine(), f, then));
                    }
                    return futures.stream().map(CompletableFuture::join).collect(Collectors.toList());
                }
                default: {
                    // a parallel stream runs in the pool that starts its terminal operation
                    Callable<List<String>> terminal =
                            () -> checked(() -> ((Stream<String>) PARALLEL_STREAM.fork(engine(), queries))
                                    .map(q -> {
                                        try {
                                            return lookup(q);
                                        } catch (Throwable t) {
                                            throw new IllegalStateException(t);
                                        }
                                    })
                                    .collect(Collectors.toList()));
                    return ((Future<List<String>>) SUBMIT.fork(engine(), pool, terminal)).get();
                }
            }
        }

        String lookup(String q) throws Throwable {
            Random r = delays;
            if (r != null) {
                int pause;
                synchronized (r) {
                    pause = r.nextInt(3);
                }
                Thread.sleep(pause);
            }
            if (q.equals(hangOn)) {
                return (String) HANG.call(engine(), service, q);
            }
            return (String) FIND.call(engine(), service, q);
        }
    }

    /** Runs a call that may throw anything as a {@link Callable} may: what is no exception is wrapped. */
    static <T> T checked(Running.Call<T> call) throws Exception {
        try {
            return call.call();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** What an uncrashed run of the agent returns, on a journal and a world of its own. */
    private String uncrashed(Fork fork, String topic, Path journal) throws Throwable {
        EngineHarness other = new EngineHarness(journal);
        try {
            return new Agent(other, new World(), fork).run(topic);
        } finally {
            other.close();
        }
    }

    private void killedInTheSecondFanOutPaysOnlyForTheCallInFlight(Fork fork) throws Throwable {
        String expected = uncrashed(fork, "oslo", referenceDir);
        Agent agent = new Agent(h, world, fork);
        agent.hangOn = "oslo-b2";
        world.awaitHanging(h.start(() -> agent.run("oslo")));
        awaitBranchLookupsJournaled(fork == Fork.SUPPLY_ASYNC_THEN_APPLY ? 14 : 7); // all but the one that hangs
        int journaled = h.records(StepRecorded.class).size();

        restart();
        Agent resumed = new Agent(h, world, fork);
        String result = resumed.run("oslo");

        assertEquals(expected, result, "the same result as a run that was never killed");
        for (String q : List.of("oslo-a0", "oslo-a1", "oslo-a2", "oslo-a3", "oslo-b0", "oslo-b1", "oslo-b3")) {
            assertEquals(1, world.calls("find", q), q + " ran once: its branch answered it from the journal");
        }
        assertEquals(1, world.calls("hang", "oslo-b2"), "the lookup in flight at the kill ran once before it");
        assertEquals(1, world.calls("find", "oslo-b2"), "and once after, live");
        assertEquals(List.of(), h.records(ExecutionDiverged.class));
        assertEquals(
                journaled,
                h.records(RecoveryStarted.class).get(0).stepsRecorded(),
                "the resume counts the steps of the branches it replays");
    }

    /** Waits until the branches journaled {@code n} lookups: the kill then has exactly one call in flight. */
    private void awaitBranchLookupsJournaled(int n) throws InterruptedException {
        while (h.records(StepRecorded.class).stream()
                        .filter(s -> s.executionId().contains("~") && s.callee().contains(".find("))
                        .count()
                < n) {
            Thread.sleep(5);
        }
    }

    @Test
    void submittedTasksAreBranches() throws Throwable {
        killedInTheSecondFanOutPaysOnlyForTheCallInFlight(Fork.SUBMIT);
    }

    @Test
    void invokeAllTasksAreBranches() throws Throwable {
        killedInTheSecondFanOutPaysOnlyForTheCallInFlight(Fork.INVOKE_ALL);
    }

    @Test
    void asyncSuppliersAndTheirStagesAreBranches() throws Throwable {
        killedInTheSecondFanOutPaysOnlyForTheCallInFlight(Fork.SUPPLY_ASYNC_THEN_APPLY);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, world.calls("find", "more on oslo-a" + i), "a dependent stage's call ran once");
        }
    }

    @Test
    void elementsOfAParallelStreamAreBranches() throws Throwable {
        killedInTheSecondFanOutPaysOnlyForTheCallInFlight(Fork.PARALLEL_STREAM);
    }

    @Test
    void aBranchIsNamedByTheOrderOfItsForkNeverByItsThread() throws Throwable {
        Agent agent = new Agent(h, world, Fork.SUBMIT);
        agent.delays = new Random(7);
        agent.run("rome");
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        Set<String> lookups = h.records(StepRecorded.class).stream()
                .filter(s -> s.callee().contains("find"))
                .filter(s -> !s.executionId().equals(id))
                .map(s -> s.executionId() + "#" + s.position())
                .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        id + "~0#0",
                        id + "~1#0",
                        id + "~2#0",
                        id + "~3#0",
                        id + "~4#0",
                        id + "~5#0",
                        id + "~6#0",
                        id + "~7#0"),
                lookups);
    }

    @Test
    void parallelStreamElementsAreNamedByTheirPosition() throws Throwable {
        Agent agent = new Agent(h, world, Fork.PARALLEL_STREAM);
        agent.delays = new Random(3);
        agent.run("rome");
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        // each stream's terminal operation runs in a task the body submitted (its forks 0 and 1), and element i
        // of the stream that task made (the task's fork 0) asked for rome-a<i>, or rome-b<i>
        List<StepRecorded> elements = h.records(StepRecorded.class).stream()
                .filter(s -> s.executionId().contains("."))
                .toList();
        assertEquals(8, elements.size());
        for (StepRecorded s : elements) {
            String branch = s.executionId().substring(id.length() + 1); // "1~0.2"
            String[] parts = branch.split("[~.]");
            assertEquals("0", parts[1], branch);
            String expected = "found rome-" + (parts[0].equals("0") ? "a" : "b") + parts[2] + " #1";
            assertEquals(expected, decoded(s), "element " + branch);
        }
    }

    private String decoded(StepRecorded s) {
        return (String)
                h.engine().context().codec().decode(s.value(), getClass().getClassLoader());
    }

    @Test
    void anyInterleavingKilledAndResumedGivesTheSameResult() throws Throwable {
        String expected = uncrashed(Fork.SUBMIT, "kyiv", referenceDir);
        Random seeds = new Random(2026);
        for (int round = 0; round < 25; round++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            String hangOn = "kyiv-" + (r.nextBoolean() ? "a" : "b") + r.nextInt(4);
            h.close();
            Path journal = dir.resolve("round-" + round);
            h = new EngineHarness(journal);
            World w = new World();
            Agent agent = new Agent(h, w, Fork.SUBMIT);
            agent.delays = new Random(seed);
            agent.hangOn = hangOn;
            w.awaitHanging(h.start(() -> agent.run("kyiv")));
            Set<String> journaled = h.records(StepRecorded.class).stream()
                    .map(s -> (String) h.engine()
                            .context()
                            .codec()
                            .decode(s.value(), getClass().getClassLoader()))
                    .collect(Collectors.toSet());
            restart();
            Agent resumed = new Agent(h, w, Fork.SUBMIT);
            resumed.delays = new Random(~seed);
            String result = resumed.run("kyiv");
            // a lookup in flight at the kill (the hanging one, and any other that had not journaled its answer)
            // ran again: its answer is its second; every other answer is the first, as in the uncrashed run
            String expectedHere = expected;
            for (String q :
                    List.of("kyiv-a0", "kyiv-a1", "kyiv-a2", "kyiv-a3", "kyiv-b0", "kyiv-b1", "kyiv-b2", "kyiv-b3")) {
                int n = w.calls("find", q);
                if (journaled.contains("found " + q + " #1")) {
                    assertEquals(1, n, "seed " + seed + ": " + q + " was journaled, yet ran again");
                } else if (n > 1) {
                    expectedHere = expectedHere.replace("found " + q + " #1", "found " + q + " #" + n);
                }
            }
            assertEquals(expectedHere, result, "seed " + seed + ", killed in " + hangOn);
            assertEquals(1, w.calls("find", hangOn), "seed " + seed);
            assertEquals(List.of(), h.records(ExecutionDiverged.class), "seed " + seed);
        }
    }

    /** A parallel stream over a source of unknown size, perhaps endless. */
    final class Endless {
        final TestDurable run = TestDurable.of(Endless.class, "run", 0);
        final World.Service service = world.new Service();
        boolean hang = true;
        /** What the body computed before it hung. */
        volatile String before;

        @SuppressWarnings("unchecked")
        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            Stream<Integer> numbers = (Stream<Integer>) PARALLEL.fork(h.engine(), Stream.iterate(0, i -> i + 1));
            List<String> found = numbers.map(i -> {
                        try {
                            return checked(() -> (String) FIND.call(h.engine(), service, topic + i));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .limit(3)
                    .collect(Collectors.toList());
            before = found.toString();
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return found.toString();
        }
    }

    @Test
    void anEndlessSourceRunsItsElementsAsBranchesOneAfterTheOther() throws Throwable {
        Endless first = new Endless();
        world.awaitHanging(h.start(() -> first.run("n")));
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        assertEquals(
                Set.of(id + "~0.0", id + "~0.1", id + "~0.2"),
                h.records(StepRecorded.class).stream()
                        .map(StepRecorded::executionId)
                        .filter(e -> e.contains("~"))
                        .collect(Collectors.toSet()));

        restart();
        Endless resumed = new Endless();
        resumed.hang = false;
        assertEquals(first.before, resumed.run("n"));
        assertEquals(1, world.calls("find", "n2"), "answered from the element's branch");
    }

    /** Forks, then waits for the process to die: replay must give the body what the run gave it. */
    final class Decisions {
        final TestDurable run = TestDurable.of(Decisions.class, "run", 0);
        final World.Service service = world.new Service();
        final ExecutorService pool = pool(Executors.newFixedThreadPool(3));
        /** How long each candidate of invokeAny takes, by index: the fastest wins. */
        volatile long[] pauses = {30, 1, 60};

        boolean hang = true;
        /** What the body computed before it hung. */
        volatile String before;

        @SuppressWarnings("unchecked")
        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            List<Callable<String>> candidates = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int which = i;
                candidates.add(() -> {
                    Thread.sleep(pauses[which]);
                    return checked(() -> (String) FIND.call(h.engine(), service, topic + which));
                });
            }
            String winner = (String) INVOKE_ANY.fork(h.engine(), pool, candidates);

            Callable<String> slow = () -> {
                Thread.sleep(pauses[2] * 5);
                return "slow";
            };
            Future<String> f = (Future<String>) SUBMIT.fork(h.engine(), pool, slow);
            String timed;
            try {
                timed = (String) TIMED_GET.fork(h.engine(), f, 1L, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                timed = "timed out";
            }

            CompletableFuture<String> a = new CompletableFuture<>();
            CompletableFuture<String> b = new CompletableFuture<>();
            CompletableFuture<Object> first = (CompletableFuture<Object>)
                    ANY_OF.fork(h.engine(), null, (Object) new CompletableFuture<?>[] {a, b});
            if (pauses[0] > pauses[1]) {
                b.complete("b");
                a.complete("a");
            } else {
                a.complete("a");
                b.complete("b");
            }
            String result = winner + " | " + timed + " | " + first.join();
            before = result;
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return result;
        }
    }

    @Test
    void scheduleDependentOutcomesAreJournaled() throws Throwable {
        Decisions d = new Decisions();
        Running<String> run = h.start(() -> d.run("q"));
        world.awaitHanging(run);
        String seen = d.before;
        assertTrue(seen.endsWith(" | timed out | b"), seen);
        // the fastest candidate wins unless the machine delays its thread; the others are cancelled once the
        // winner returns, and may or may not have reached the service by then
        int asked = world.calls("find", "q0") + world.calls("find", "q1") + world.calls("find", "q2");

        restart();
        Decisions replay = new Decisions();
        replay.hang = false;
        replay.pauses = new long[] {1, 60, 1}; // now another candidate would win, and the slow task is quick
        String result = replay.run("q");

        assertEquals(seen, result, "the body sees what the run saw, though another candidate would win now");
        assertEquals(
                asked,
                world.calls("find", "q0") + world.calls("find", "q1") + world.calls("find", "q2"),
                "the winner's branch was answered from its journal, and the losers did not run again");
    }

    /** Asks, in a branch, which execution it runs and what the step key of a journaled call there is. */
    final class Identity {
        final TestDurable run = TestDurable.of(Identity.class, "run", 0);
        final ExecutorService pool = pool(Executors.newFixedThreadPool(1));

        @SuppressWarnings("unchecked")
        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            Callable<String> task = () -> h.engine().executionId();
            return ((Future<String>) SUBMIT.fork(h.engine(), pool, task)).get();
        }
    }

    @Test
    void aBranchAnswersForItsExecution() throws Throwable {
        String inBranch = new Identity().run("i");
        assertEquals(h.records(ExecutionStarted.class).get(0).executionId(), inBranch);
    }

    @Test
    void anEffectOfABranchWithNoFrameOfTheBodyIsPlacedWhereTheBodyForkedIt() throws Exception {
        DurableMethodInfo m = new DurableMethodInfo(World.class, "run", "()V", true, "", -1, null);
        Execution root = new Execution("x", m, "x", List.of(), new java.util.HashMap<>(), Map.of(), Map.of());
        Execution branch = root.branch(0, "Agent.java:42");
        String[] where = new String[2];
        // a pool's thread running a method reference: no frame of the durable class (World) on its stack
        Thread t = new Thread(() -> {
            where[0] = CallerLocation.inBody(branch);
            where[1] = CallerLocation.inBody(root);
        });
        t.start();
        t.join();
        assertEquals("Agent.java:42", where[0]);
        assertFalse(where[1].equals("Agent.java:42"), where[1]);
    }

    /** Cancels a branch that waits for the outside world, then waits for the process to die. */
    final class Cancelling {
        final TestDurable run = TestDurable.of(Cancelling.class, "run", 0);
        final World.Service service = world.new Service();
        final ExecutorService pool = pool(Executors.newFixedThreadPool(2));
        boolean hang = true;
        /**
         * Whether the body gives the slow branch time to end before it cancels it, as a replayed branch whose
         * journal ends at once would; a branch held for its cancel does not end, and the body goes on after a
         * while.
         */
        boolean letTheSlowOneEnd;
        /** What the body computed before it hung. */
        volatile String before;

        @SuppressWarnings("unchecked")
        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            Callable<String> slow = () -> checked(() -> (String) HANG.call(h.engine(), service, topic + "-slow"));
            Future<String> f = (Future<String>) SUBMIT.fork(h.engine(), pool, slow);
            Callable<String> quick = () -> checked(() -> (String) FIND.call(h.engine(), service, topic));
            String first = ((Future<String>) SUBMIT.fork(h.engine(), pool, quick)).get();
            while (!letTheSlowOneEnd && world.calls("hang", topic + "-slow") == 0) {
                Thread.sleep(1); // live: the slow call is at the outside world before it is cancelled
            }
            for (int i = 0; letTheSlowOneEnd && i < 100 && !f.isDone(); i++) {
                Thread.sleep(5);
            }
            boolean cancelled = (Boolean) CANCEL.fork(h.engine(), f, true);
            String after;
            try {
                after = "got " + f.get();
            } catch (java.util.concurrent.CancellationException e) {
                after = "cancelled";
            } catch (ExecutionException e) {
                after = "threw " + e.getCause();
            }
            before = first + " | " + cancelled + " | " + after;
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return before;
        }
    }

    @Test
    void aCancelledBranchIsCancelledAgainOnReplayThoughItsJournalEndsAtOnce() throws Throwable {
        Cancelling c = new Cancelling();
        Running<String> running = h.start(() -> c.run("c"));
        world.awaitHanging(running); // the slow branch
        world.awaitHanging(running); // the body, after the cancel
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        // the cancelled branch journaled how its call ended (interrupted): replayed, it ends at once
        while (h.records(StepRecorded.class).stream()
                .noneMatch(r -> r.executionId().equals(id + "~0"))) {
            Thread.sleep(5);
        }

        restart();
        Cancelling replay = new Cancelling();
        replay.hang = false;
        replay.letTheSlowOneEnd = true;
        String result = replay.run("c");

        assertTrue(c.before.endsWith(" | true | cancelled"), c.before);
        assertEquals(c.before, result, "the body sees a cancelled future, as it did");
        assertEquals(1, world.calls("hang", "c-slow"), "the cancelled call did not run again");
    }

    /** A branch whose code now asks for something else than its journal recorded. */
    final class Changing {
        final TestDurable run = TestDurable.of(Changing.class, "run", 0);
        final World.Service service = world.new Service();
        final ExecutorService pool = pool(Executors.newFixedThreadPool(2));
        String asking = "x";
        boolean hang = true;

        @SuppressWarnings("unchecked")
        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            Callable<String> task = () -> checked(() -> (String) FIND.call(h.engine(), service, asking));
            String r = ((Future<String>) SUBMIT.fork(h.engine(), pool, task)).get();
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return r;
        }
    }

    @Test
    void aDivergenceInABranchIsTheExecutionsOwn() throws Throwable {
        Changing c = new Changing();
        world.awaitHanging(h.start(() -> c.run("t")));
        restart();
        Changing changed = new Changing();
        changed.asking = "y";
        changed.hang = false;

        Throwable thrown = assertThrows(Throwable.class, () -> changed.run("t"));

        Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
        assertInstanceOf(NonDeterminismException.class, cause, String.valueOf(thrown));
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        List<ExecutionDiverged> diverged = h.records(ExecutionDiverged.class);
        assertEquals(1, diverged.size());
        assertEquals(id, diverged.get(0).executionId(), "the execution diverged, not a record of its own");
        assertTrue(
                diverged.get(0).message().contains(id + "~0"), diverged.get(0).message());
        assertEquals(0, world.calls("find", "y"), "the changed call did not run");
        assertFalse(
                h.index().get(id).isFinished() && h.index().get(id).state.name().equals("COMPLETED"));
    }
}
