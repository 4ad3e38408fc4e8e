package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.effect.AsyncEffect;
import dev.lazarus.agent.internal.effect.AsyncEffectBoundary;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.effect.EffectRequest;
import dev.lazarus.agent.internal.effect.ExecutorHandOff;
import dev.lazarus.agent.internal.effect.WovenMethod;
import dev.lazarus.store.record.StepRecorded;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous effects: started on the body's thread, completed by the library on one of its own. Each is the
 * first step of a branch of its own, named by the order the body started them, recorded by the thread that
 * completes it; replay answers it from the journal without the network, whatever order they completed in; one
 * in flight at the kill happens again. The callback of a callback-style effect runs as that branch, so a
 * journaled call inside it is positioned there, live and on replay. Work a library hands to its pool through a
 * hand-off ({@link ExecutorHandOff}) runs as the caller's next branch.
 *
 * <p>{@link Remote#fetch} and {@link Remote#enqueue} stand for woven library methods: they start as the woven
 * hook does; the library's threads are {@link #network}.
 */
class AsyncEffectStepTest extends EngineTestBase {
    private static final String FETCH = "test:fetch-async";
    private static final String ENQUEUE = "test:enqueue";
    private static final String HAND_OFF = "test:hand-off";
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 40);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 41);

    /** What the remote side saw, by request: it outlives restarts, as the outside world does. */
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    /** Requests the remote side answers only once released, in the order the test releases them. */
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    /** Threads that journaled an effect's outcome. */
    /** Which thread completed each request, by the request. */
    private final Map<String, String> recordedOn = new ConcurrentHashMap<>();

    private volatile ExecutorService network = newNetwork();
    private volatile Dispatcher engine;

    /** A library's client whose {@code fetch} and {@code enqueue} are catalogued asynchronous boundaries. */
    final class Remote {
        @SuppressWarnings("unchecked")
        CompletableFuture<String> fetch(String request) throws Throwable {
            Object answer = engine.effect(FETCH, this, new Object[] {request});
            if (answer != Bridge.PROCEED) {
                return (CompletableFuture<String>) answer;
            }
            CompletableFuture<String> reply = new CompletableFuture<>();
            network.execute(() -> {
                try {
                    reply.complete(answerTo(request));
                } catch (InterruptedException e) {
                    reply.completeExceptionally(e); // the process died with the request in flight
                }
            });
            return reply;
        }

        @SuppressWarnings("unchecked")
        void enqueue(String request, Consumer<String> callback) throws Throwable {
            Object answer = engine.effect(ENQUEUE, this, new Object[] {request, callback});
            if (answer != Bridge.PROCEED) {
                return;
            }
            network.execute(() -> {
                try {
                    callback.accept(answerTo(request));
                } catch (InterruptedException e) {
                    // the process died with the request in flight: no callback
                }
            });
        }
    }

    private static ExecutorService newNetwork() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "network");
            t.setDaemon(true);
            return t;
        });
    }

    private String answerTo(String request) throws InterruptedException {
        int n = asked.computeIfAbsent(request, q -> new AtomicInteger()).incrementAndGet();
        CountDownLatch latch = held.get(request);
        if (latch != null) {
            latch.await();
        }
        return "reply to " + request + " #" + n;
    }

    private int asked(String request) {
        AtomicInteger n = asked.get(request);
        return n == null ? 0 : n.get();
    }

    /** A {@code sendAsync}-like boundary: the caller gets a future completed as the branch. */
    final class FetchBoundary implements AsyncEffectBoundary {
        @Override
        public String id() {
            return FETCH;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of(new WovenMethod(Set.of("test/Remote"), "fetch", "(Ljava/lang/String;)Ljava/lang/Object;"));
        }

        @Override
        public EffectRequest request(Object receiver, Object[] args) {
            return new EffectRequest("FETCH " + args[0], ((String) args[0]).hashCode() | 1);
        }

        @Override
        public Object start(Object receiver, Object[] args, AsyncEffect effect) throws Throwable {
            CompletableFuture<String> result = new CompletableFuture<>();
            ((Remote) receiver).fetch((String) args[0]).whenComplete((v, t) -> {
                if (t != null) {
                    effect.failed(t);
                } else {
                    recordedOn.put((String) args[0], Thread.currentThread().getName());
                    effect.completed(v);
                }
                try {
                    effect.inBranch(() -> t != null ? result.completeExceptionally(t) : result.complete(v));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        @Override
        public Object replay(Object receiver, Object[] args, Object data, Throwable failure, AsyncEffect effect) {
            return failure != null
                    ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture((String) data);
        }
    }

    /** An {@code enqueue}-like boundary: the caller's callback runs as the branch. */
    final class EnqueueBoundary implements AsyncEffectBoundary {
        @Override
        public String id() {
            return ENQUEUE;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of(
                    new WovenMethod(Set.of("test/Remote"), "enqueue", "(Ljava/lang/String;Ljava/lang/Object;)V"));
        }

        @Override
        public EffectRequest request(Object receiver, Object[] args) {
            return new EffectRequest("ENQUEUE " + args[0], ((String) args[0]).hashCode() | 1);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object start(Object receiver, Object[] args, AsyncEffect effect) throws Throwable {
            Consumer<String> callback = (Consumer<String>) args[1];
            ((Remote) receiver).enqueue((String) args[0], v -> {
                effect.completed(v);
                try {
                    effect.inBranch(() -> {
                        callback.accept(v);
                        return null;
                    });
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            return null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object replay(Object receiver, Object[] args, Object data, Throwable failure, AsyncEffect effect) {
            Consumer<String> callback = (Consumer<String>) args[1];
            effect.inBranchLater(() -> {
                callback.accept((String) data);
                return null;
            });
            return null;
        }
    }

    /** A library that runs work on its pool, asking for the pool's executor as a woven method would. */
    final class Pool {
        Executor executor() throws Throwable {
            Object answer = engine.effect(HAND_OFF, this, new Object[0]);
            return answer != Bridge.PROCEED ? (Executor) answer : network;
        }
    }

    /** The hand-off of {@link Pool#executor}: its tasks run as the caller's next branch. */
    static final class PoolHandOff implements ExecutorHandOff {
        @Override
        public String id() {
            return HAND_OFF;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of(new WovenMethod(Set.of("test/Pool"), "executor", "()Ljava/util/concurrent/Executor;"));
        }

        @Override
        public Object enter(Object receiver, Object[] args, UnaryOperator<Executor> asBranch) throws Throwable {
            return asBranch.apply(((Pool) receiver).executor());
        }
    }

    /** A body whose library looks something up on its pool, then the body looks its topic up and may hang. */
    final class HandingOff {
        final TestDurable run = TestDurable.of(HandingOff.class, "run", 0);
        final Pool pool = new Pool();
        final World.Service service = world.new Service();
        boolean hang = true;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            CompletableFuture<String> found = new CompletableFuture<>();
            pool.executor().execute(() -> {
                try {
                    found.complete((String) FIND.call(h.engine(), service, topic + " on the pool"));
                } catch (Throwable t) {
                    found.completeExceptionally(t);
                }
            });
            String result = found.join() + " / " + FIND.call(h.engine(), service, topic);
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return result;
        }
    }

    /** A body that starts two fetches, joins them in reverse order, then looks the replies up and may hang. */
    final class FanOut {
        final TestDurable run = TestDurable.of(FanOut.class, "run", 0);
        final Remote remote = new Remote();
        final World.Service service = world.new Service();
        boolean hang = true;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            CompletableFuture<String> first = remote.fetch(topic + "-1");
            CompletableFuture<String> second = remote.fetch(topic + "-2");
            String both = second.join() + " & " + first.join();
            String found = (String) FIND.call(h.engine(), service, both);
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return found;
        }
    }

    /** A body whose callback makes a journaled call, then waits for it, looks its topic up and may hang. */
    final class WithCallback {
        final TestDurable run = TestDurable.of(WithCallback.class, "run", 0);
        final Remote remote = new Remote();
        final World.Service service = world.new Service();
        boolean hang = true;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            CompletableFuture<String> found = new CompletableFuture<>();
            remote.enqueue(topic, reply -> {
                try {
                    found.complete((String) FIND.call(h.engine(), service, reply));
                } catch (Throwable t) {
                    found.completeExceptionally(t);
                }
            });
            String result = found.join() + " / " + FIND.call(h.engine(), service, topic);
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return result;
        }
    }

    @BeforeEach
    void withTheAsyncBoundaries() throws InterruptedException {
        h.close();
        h = new EngineHarness(
                dir,
                "recover=manual",
                new EffectCatalog(
                        List.of(new FetchBoundary(), new EnqueueBoundary()), List.of(), List.of(new PoolHandOff())));
        engine = h.engine();
    }

    @AfterEach
    void stopTheNetwork() {
        network.shutdownNow();
    }

    /** The process dies, its library threads with it (a request they hold in flight is never answered). */
    private void restart() throws InterruptedException {
        h.restart(() -> network.shutdownNow());
        network = newNetwork();
        engine = h.engine();
    }

    private List<StepRecorded> branchSteps(String suffix) {
        return h.records(StepRecorded.class).stream()
                .filter(s -> s.executionId().endsWith(suffix))
                .toList();
    }

    @Test
    void eachEffectIsItsBranchsFirstStepRecordedByTheThreadThatCompletedItAndReplayedWithoutTheNetwork()
            throws Throwable {
        held.put("tide-1", new CountDownLatch(1)); // the first request answers last
        FanOut body = new FanOut();
        Running<String> first = h.start(() -> body.run("tide"));
        while (branchSteps("~1").isEmpty()) { // the second request's answer is journaled while the first waits
            Thread.sleep(1);
        }
        held.get("tide-1").countDown();
        world.awaitHanging(first);

        StepRecorded one = branchSteps("~0").get(0);
        StepRecorded two = branchSteps("~1").get(0);
        assertEquals(List.of(FETCH, 0), List.of(one.callee(), one.position()));
        assertEquals(List.of(FETCH, 0), List.of(two.callee(), two.position()));
        assertEquals(one.executionId().replace("~0", "~1"), two.executionId(), "branches of one execution");
        // the held request was answered long after the body registered for it: the library's thread completed it
        // (one answered at once may complete on the caller's thread, as any completed future does)
        assertEquals("network", recordedOn.get("tide-1"), "recorded by the library's thread");
        assertNotEquals(first.thread().getName(), "network");

        restart();
        body.hang = false;
        String result = body.run("tide");

        assertEquals("found reply to tide-2 #1 & reply to tide-1 #1 #1", result);
        assertEquals(List.of(1, 1), List.of(asked("tide-1"), asked("tide-2")), "answered from the journal");
    }

    @Test
    void anEffectInFlightAtTheKillHappensAgainAndTheOneThatCompletedDoesNot() throws Throwable {
        held.put("surf-1", new CountDownLatch(1)); // never released: in flight when the process dies
        FanOut body = new FanOut();
        body.hang = false;
        h.start(() -> body.run("surf"));
        while (branchSteps("~1").isEmpty() || asked("surf-1") == 0) {
            Thread.sleep(1);
        }
        assertEquals(List.of(), branchSteps("~0"), "nothing is journaled for the effect in flight");

        restart(); // interrupts the library's thread that holds the first request, as the process's death would
        held.clear();
        String result = body.run("surf");

        assertEquals("found reply to surf-2 #1 & reply to surf-1 #2 #1", result);
        assertEquals(2, asked("surf-1"), "the request in flight at the kill was sent again");
        assertEquals(1, asked("surf-2"), "the one that completed was not");
    }

    @Test
    void aCallbackRunsAsTheEffectsBranchLiveAndOnReplay() throws Throwable {
        WithCallback body = new WithCallback();
        world.awaitHanging(h.start(() -> body.run("reef")));

        List<StepRecorded> inBranch = branchSteps("~0");
        assertEquals(2, inBranch.size(), "the effect and the callback's journaled call: " + inBranch);
        assertEquals(
                List.of(ENQUEUE, 0),
                List.of(inBranch.get(0).callee(), inBranch.get(0).position()));
        assertEquals(1, inBranch.get(1).position(), "the callback's call comes after the effect, in its branch");
        assertTrue(inBranch.get(1).callee().contains("find"), inBranch.get(1).callee());

        restart();
        body.hang = false;
        String result = body.run("reef");

        assertEquals("found reply to reef #1 #1 / found reef #1", result);
        assertEquals(1, asked("reef"), "the effect was answered from the journal");
        assertEquals(1, world.calls("find", "reply to reef #1"), "and the callback's call, in the branch, too");
    }

    @Test
    void workALibraryHandsToItsPoolRunsAsTheCallersNextBranch() throws Throwable {
        HandingOff body = new HandingOff();
        world.awaitHanging(h.start(() -> body.run("kelp")));

        List<StepRecorded> inBranch = branchSteps("~0");
        assertEquals(1, inBranch.size(), "the pool's call, in the branch: " + inBranch);
        assertEquals(0, inBranch.get(0).position(), "the pool's call is the first step of the branch");

        restart();
        body.hang = false;
        String result = body.run("kelp");

        assertEquals("found kelp on the pool #1 / found kelp #1", result);
        assertEquals(1, world.calls("find", "kelp on the pool"), "the pool's call was answered from its branch");
    }
}
