package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.effect.EffectBoundary;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.effect.EffectRequest;
import dev.lazarus.agent.internal.effect.Performed;
import dev.lazarus.agent.internal.effect.WovenMethod;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Effects at boundaries, wherever the call comes from: a step of their own when recomputed code (the body, a
 * library it calls) reaches them; numbered inside a journaled call's step otherwise, so that a call whose result
 * is not plain data is replayed by running it again with its effects answered from the journal, and a process
 * killed inside a call does not pay again for the effects the call already had.
 *
 * <p>{@link Remote#ask} stands for a woven library method: it starts as the woven hook does.
 */
class EffectStepTest extends EngineTestBase {
    private static final String BOUNDARY = "test:remote";
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 20);
    private static final TestSite CREATE = TestSite.of(Sdk.class, "create", "Agent.java", 21);
    private static final TestSite CREATE_AND_HANG = TestSite.of(Sdk.class, "createAndHang", "Agent.java", 22);

    /** What the remote side saw, by question: it outlives restarts, as the outside world does. */
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    private volatile Dispatcher engine;

    /** A library's client whose {@code ask} is a catalogued boundary. */
    final class Remote {
        String ask(String question) throws Throwable {
            Object answer = engine.effect(BOUNDARY, this, new Object[] {question});
            if (answer != Bridge.PROCEED) {
                return (String) answer;
            }
            int n = asked.computeIfAbsent(question, q -> new AtomicInteger()).incrementAndGet();
            return "answer to " + question + " #" + n;
        }
    }

    /** What an SDK returns: holds a live resource, so it is not plain data, yet carries the answers. */
    static final class Reply {
        final String text;
        final Thread resource = new Thread(() -> {});

        Reply(String text) {
            this.text = text;
        }
    }

    /** An SDK held in a field: its calls are journaled at its level, its effects reach the boundary below. */
    class Sdk {
        final Remote remote = new Remote();

        Reply create(String question) throws Throwable {
            return new Reply(remote.ask(question) + " | " + remote.ask(question + "?"));
        }

        Reply createAndHang(String question) throws Throwable {
            remote.ask(question);
            world.new Service().hang(question);
            throw new AssertionError("unreachable");
        }
    }

    /** The boundary of {@link Remote#ask}: the answer is journaled as a map, the question is the request. */
    static final class RemoteBoundary implements EffectBoundary {
        @Override
        public String id() {
            return BOUNDARY;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of(new WovenMethod(Set.of("test/Remote"), "ask", "(Ljava/lang/String;)Ljava/lang/String;"));
        }

        @Override
        public EffectRequest request(Object receiver, Object[] args) {
            return new EffectRequest("ASK " + args[0], ((String) args[0]).hashCode() | 1);
        }

        @Override
        public Performed perform(Object receiver, Object[] args) throws Throwable {
            String live = ((Remote) receiver).ask((String) args[0]); // the nested entry proceeds
            Map<String, Object> data = Map.of("answer", live);
            return new Performed(data, answer(receiver, args, data));
        }

        @Override
        public Object answer(Object receiver, Object[] args, Object data) {
            return ((Map<?, ?>) data).get("answer");
        }
    }

    /** Asks directly (recomputed code), then through the SDK, then may hang. */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", 0);
        final Remote remote = new Remote();
        final Sdk sdk = new Sdk();
        final World.Service service = world.new Service();
        String direct = "weather";
        boolean hang = true;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            String first = remote.ask(direct + " in " + topic);
            Reply reply = (Reply) CREATE.call(h.engine(), sdk, topic);
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return first + " / " + reply.text;
        }
    }

    /** Killed inside the SDK's call, after its first effect. */
    final class KilledInside {
        final TestDurable run = TestDurable.of(KilledInside.class, "run", 0);
        final Sdk sdk = new Sdk();
        boolean hang = true;
        String asking = "";

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            String question = topic + asking;
            Reply reply = (Reply) (hang ? CREATE_AND_HANG : CREATE).call(h.engine(), sdk, question);
            return reply.text;
        }
    }

    @BeforeEach
    void withTheRemoteBoundary() throws InterruptedException {
        h.close();
        h = new EngineHarness(dir, "recover=manual", new EffectCatalog(List.of(new RemoteBoundary())));
        engine = h.engine();
    }

    private int asked(String question) {
        AtomicInteger n = asked.get(question);
        return n == null ? 0 : n.get();
    }

    private void restart() throws InterruptedException {
        h.restart();
        engine = h.engine();
    }

    @Test
    void outsideAnExecutionTheBoundaryProceedsAndNothingIsJournaled() throws Throwable {
        assertEquals("answer to x #1", new Remote().ask("x"));
        assertEquals(List.of(), h.records(StepRecorded.class));
        assertEquals(List.of(), h.records(EffectRecorded.class));
    }

    @Test
    void effectsAreAnsweredFromTheJournalAfterARestart() throws Throwable {
        Agent agent = new Agent();
        world.awaitHanging(h.start(() -> agent.run("oslo")));

        StepRecorded own = h.records(StepRecorded.class).get(0);
        assertEquals(BOUNDARY, own.callee(), "the body's own effect is a step of its own");
        StepRecomputed sdk = h.records(StepRecomputed.class).get(0);
        assertEquals(1, sdk.position());
        assertEquals(2, sdk.effects(), "the SDK call's result is not data: its two effects are kept");
        assertEquals(
                List.of(0, 1),
                h.records(EffectRecorded.class).stream()
                        .map(EffectRecorded::index)
                        .toList());

        restart();
        agent.hang = false;
        String result = agent.run("oslo");

        assertEquals(1, asked("weather in oslo"), "the body's effect was answered from the journal");
        assertEquals(1, asked("oslo"), "the SDK's first effect was answered from the journal");
        assertEquals(1, asked("oslo?"), "the SDK's second effect was answered from the journal");
        assertEquals("answer to weather in oslo #1 / answer to oslo #1 | answer to oslo? #1", result);
    }

    @Test
    void aCallKilledAfterItsFirstEffectDoesNotPayForItAgain() throws Throwable {
        KilledInside agent = new KilledInside();
        world.awaitHanging(h.start(() -> agent.run("hang-1")));
        assertEquals(1, h.records(EffectRecorded.class).size(), "the effect was journaled when it happened");

        restart();
        agent.hang = false; // the same call, now not hanging: its first effect is the one journaled, the rest runs live
        Object result = agent.run("hang-1");

        assertEquals(1, asked("hang-1"), "the effect journaled before the kill was not paid for again");
        assertEquals(1, asked("hang-1?"));
        assertEquals("answer to hang-1 #1 | answer to hang-1? #1", result);
        assertNotSame(0, h.records(StepRecomputed.class).size());
    }

    @Test
    void anotherRequestAtTheSamePlaceOnReplayIsADivergence() throws Throwable {
        Agent agent = new Agent();
        world.awaitHanging(h.start(() -> agent.run("lima")));

        restart();
        agent.direct = "rain"; // the code now asks something else first
        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> agent.run("lima"));

        assertTrue(e.getMessage().contains("another request"), e.getMessage());
        assertEquals(0, asked("rain in lima"), "the diverging request did not reach the outside world");
        assertEquals(1, h.records(ExecutionDiverged.class).size());
    }

    @Test
    void anotherRequestInsideARerunCallIsADivergence() throws Throwable {
        KilledInside agent = new KilledInside();
        world.awaitHanging(h.start(() -> agent.run("hang-2")));

        restart();
        agent.hang = false;
        agent.asking = "!"; // the call is the same, but it now asks the remote side something else
        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> agent.run("hang-2"));

        assertTrue(e.getMessage().contains("ASK hang-2"), "names what the journal recorded: " + e.getMessage());
        assertEquals(0, asked("hang-2!"), "the diverging request did not reach the outside world");
    }

    @Test
    void theSelfCheckReplaysEffectsFromTheJournalAndRunsNoneAgain() throws Throwable {
        h.close();
        h = new EngineHarness(dir, "recover=manual,selfcheck=replay", new EffectCatalog(List.of(new RemoteBoundary())));
        engine = h.engine();
        Agent agent = new Agent();
        agent.hang = false;

        String result = agent.run("kiev");

        assertEquals("answer to weather in kiev #1 / answer to kiev #1 | answer to kiev? #1", result);
        assertEquals(1, h.engine().selfCheck().replayed(), "the finished execution was replayed");
        assertEquals(0, h.engine().selfCheck().failed(), "its own step and the recomputed call's effects matched");
        assertEquals(1, asked("weather in kiev"), "the replay answered the body's effect from the journal");
        assertEquals(1, asked("kiev?"), "and the effects inside the recomputed call");
    }

    @Test
    void theSelfCheckReportsAnEffectTheJournalDoesNotHoldWithoutMakingIt() throws Throwable {
        h.close();
        h = new EngineHarness(dir, "recover=manual,selfcheck=replay", new EffectCatalog(List.of(new RemoteBoundary())));
        engine = h.engine();
        AtomicInteger runs = new AtomicInteger();
        // asks once more on every run after the first: the replay asks an effect the run never made
        final class Growing {
            final TestDurable run = TestDurable.of(Growing.class, "run", 0);
            final Sdk sdk = new Sdk() {
                @Override
                Reply create(String question) throws Throwable {
                    Reply r = super.create(question);
                    if (runs.incrementAndGet() > 1) {
                        remote.ask(question + " again");
                    }
                    return r;
                }
            };

            String run(String topic) throws Throwable {
                if (!h.engine().enterBody()) {
                    return (String) run.call(h.engine(), this, topic);
                }
                return ((Reply) CREATE.call(h.engine(), sdk, topic)).text;
            }
        }

        new Growing().run("rome");

        assertEquals(1, h.engine().selfCheck().failed(), "the extra effect was reported");
        assertEquals(0, asked("rome again"), "and not made");
    }
}
