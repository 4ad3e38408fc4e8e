package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.effect.EffectBoundary;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.effect.EffectRequest;
import dev.lazarus.agent.internal.effect.Performed;
import dev.lazarus.agent.internal.effect.WovenMethod;
import dev.lazarus.store.record.StepRecorded;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An effect that spans several calls on one object (a connection that makes one exchange, then is read through
 * many getters): the boundary answers the later calls from what it holds ({@link EffectBoundary#answerHeld}),
 * so they are no steps of their own, and on replay they are answered from the one journaled exchange.
 */
class HeldEffectTest extends EngineTestBase {
    private static final String EXCHANGE = "test:exchange";
    private static final String READ = "test:exchange#read";

    /** How often the outside world was reached: it outlives restarts. */
    private final AtomicInteger exchanges = new AtomicInteger();

    private volatile Dispatcher engine;

    /** A connection: {@code read()} is woven; its first call makes the exchange, later ones read its result. */
    final class Connection {
        private String response;

        String read() throws Throwable {
            Object answer = engine.effect(READ, this, new Object[0]);
            if (answer != Bridge.PROCEED) {
                return (String) answer;
            }
            if (response == null) {
                response = "response #" + exchanges.incrementAndGet();
            }
            return response;
        }
    }

    /** The exchange as one journaled effect, reached by the read boundary, never woven itself. */
    static final class ExchangeBoundary implements EffectBoundary {
        final Map<Object, String> held = new IdentityHashMap<>();

        @Override
        public String id() {
            return EXCHANGE;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of();
        }

        @Override
        public EffectRequest request(Object receiver, Object[] args) {
            return new EffectRequest("EXCHANGE", 7);
        }

        @Override
        public Performed perform(Object receiver, Object[] args) throws Throwable {
            String live = ((Connection) receiver).read(); // the nested entry proceeds
            return new Performed(live, live);
        }

        @Override
        public Object answer(Object receiver, Object[] args, Object data) {
            return data;
        }
    }

    /** The woven getter: answered from the held exchange, which it makes (journaled) the first time. */
    static final class ReadBoundary implements EffectBoundary {
        private final ExchangeBoundary exchange;

        ReadBoundary(ExchangeBoundary exchange) {
            this.exchange = exchange;
        }

        @Override
        public String id() {
            return READ;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of(new WovenMethod(Set.of("test/Connection"), "read", "()Ljava/lang/String;"));
        }

        @Override
        public Object answerHeld(Object receiver, Object[] args) throws Throwable {
            String held = exchange.held.get(receiver);
            if (held == null) {
                held = (String) Bridge.effect(EXCHANGE, receiver, new Object[0]);
                exchange.held.put(receiver, held);
            }
            return held;
        }

        @Override
        public EffectRequest request(Object receiver, Object[] args) {
            throw new AssertionError("a held read is never journaled");
        }

        @Override
        public Performed perform(Object receiver, Object[] args) {
            throw new AssertionError("a held read is never journaled");
        }

        @Override
        public Object answer(Object receiver, Object[] args, Object data) {
            throw new AssertionError("a held read is never journaled");
        }
    }

    /** Reads one connection three times (the boundary installs the engine in the bridge), then may hang. */
    final class Reader {
        final TestDurable run = TestDurable.of(Reader.class, "run", 0);
        final TestSite hangSite = TestSite.of(World.Service.class, "hang", "Reader.java", 30);
        final World.Service service = world.new Service();
        boolean hang = true;

        String run(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, key);
            }
            Connection c = new Connection();
            String result = c.read() + " / " + c.read() + " / " + c.read();
            if (hang) {
                hangSite.call(h.engine(), service, key);
            }
            return result;
        }
    }

    @BeforeEach
    void withTheExchangeBoundaries() throws InterruptedException {
        h.close();
        ExchangeBoundary exchange = new ExchangeBoundary();
        h = new EngineHarness(dir, "recover=manual", new EffectCatalog(List.of(exchange, new ReadBoundary(exchange))));
        engine = h.engine();
        Bridge.install(engine);
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null); // the bridge is global to the JVM: leave it as other tests expect it
    }

    @Test
    void laterReadsAreNoStepsAndAreAnsweredFromTheOneJournaledExchange() throws Throwable {
        Reader reader = new Reader();
        world.awaitHanging(h.start(() -> reader.run("r-1")));
        List<StepRecorded> steps = h.records(StepRecorded.class);
        assertEquals(1, steps.size(), "one step for three reads: " + steps);
        assertEquals(EXCHANGE, steps.get(0).callee());

        h.restart();
        engine = h.engine();
        Bridge.install(engine);
        reader.hang = false;
        assertEquals("response #1 / response #1 / response #1", reader.run("r-1"));
        assertEquals(1, exchanges.get(), "the exchange reached the outside world once, before the restart");
    }
}
