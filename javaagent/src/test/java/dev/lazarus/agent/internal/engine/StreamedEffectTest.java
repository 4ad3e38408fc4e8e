package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.effect.EffectBoundary;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.effect.EffectRequest;
import dev.lazarus.agent.internal.effect.Performed;
import dev.lazarus.agent.internal.effect.StreamedData;
import dev.lazarus.agent.internal.effect.WovenMethod;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Effects whose data the caller consumes after the boundary returned — a response body read as a stream. The
 * effect takes its place in the journal when it starts; its record is written when the caller is done with
 * the stream, or, when the execution is about to write a later record first (its next step, the next effect
 * of the same call, its end), after the rest of the stream was read into memory. Replay serves the stream
 * from the journal; a process killed while the stream was read has no record of it, and the effect happens
 * again.
 *
 * <p>{@link Remote#stream} stands for a woven library method: it starts as the woven hook does.
 */
class StreamedEffectTest extends EngineTestBase {
    private static final String STREAM = "test:stream";
    private static final String ASK = "test:ask";
    private static final int CHUNKS = 3;
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Agent.java", 30);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Agent.java", 31);
    private static final TestSite OPEN = TestSite.of(Sdk.class, "open", "Agent.java", 32);
    private static final TestSite OPEN_AND_ASK = TestSite.of(Sdk.class, "openAndAsk", "Agent.java", 33);

    /** What the remote side saw, by request: it outlives restarts, as the outside world does. */
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    /** Requests whose live stream hangs before its second chunk, as a network can. */
    private final Set<String> hangInStream = ConcurrentHashMap.newKeySet();

    private volatile Dispatcher engine;

    /** A stream of text chunks, as a response body read event by event. */
    interface Chunks {
        /** @return the next chunk, or {@code null} at the end */
        String next();

        void close();
    }

    /** A library's client whose {@code stream} and {@code ask} are catalogued boundaries. */
    final class Remote {
        Chunks stream(String request) throws Throwable {
            Object answer = engine.effect(STREAM, this, new Object[] {request});
            if (answer != Bridge.PROCEED) {
                return (Chunks) answer;
            }
            int n = count(request);
            return new Chunks() {
                private int sent;
                private boolean broken;

                @Override
                public String next() {
                    if (broken) {
                        throw new IllegalStateException("the connection is gone");
                    }
                    if (sent == 1 && hangInStream.contains(request)) {
                        try {
                            world.new Service().hang(request);
                        } catch (InterruptedException e) {
                            broken = true;
                            throw new IllegalStateException("the process died", e);
                        }
                    }
                    if (sent < CHUNKS && request.startsWith("huge")) {
                        // three chunks of 24 MiB: over the journal's limit for a value together
                        return "x".repeat(24 << 20) + request + "-" + (++sent) + "#" + n;
                    }
                    return sent < CHUNKS ? request + "-" + (++sent) + "#" + n : null;
                }

                @Override
                public void close() {}
            };
        }

        String ask(String request) throws Throwable {
            Object answer = engine.effect(ASK, this, new Object[] {request});
            if (answer != Bridge.PROCEED) {
                return (String) answer;
            }
            return "answer to " + request + " #" + count(request);
        }
    }

    private int count(String request) {
        return asked.computeIfAbsent(request, q -> new AtomicInteger()).incrementAndGet();
    }

    private int asked(String request) {
        AtomicInteger n = asked.get(request);
        return n == null ? 0 : n.get();
    }

    /**
     * What a streaming boundary hands the caller live: the live stream, recording what the caller reads; read
     * to the end on the engine's demand, keeping the rest for the caller.
     */
    static final class RecordingChunks implements Chunks, StreamedData {
        private final Chunks live;
        private final List<String> read = new ArrayList<>();
        private final Deque<String> drained = new ArrayDeque<>();
        private boolean ended;
        private boolean closed;
        private Runnable done;
        private boolean doneRun;

        RecordingChunks(Chunks live) {
            this.live = live;
        }

        @Override
        public String next() {
            String chunk;
            synchronized (this) {
                if (!drained.isEmpty()) {
                    return drained.poll();
                }
                if (ended) {
                    return null;
                }
                chunk = live.next();
                if (chunk != null) {
                    read.add(chunk);
                    return chunk;
                }
                ended = true;
            }
            runDone();
            return null;
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            runDone();
        }

        private void runDone() {
            Runnable r;
            synchronized (this) {
                if (doneRun || done == null) {
                    return;
                }
                doneRun = true;
                r = done;
            }
            r.run();
        }

        @Override
        public void onDone(Runnable done) {
            synchronized (this) {
                this.done = done;
                if (!ended && !closed) {
                    return;
                }
            }
            runDone();
        }

        @Override
        public synchronized Object finish() {
            while (!ended && !closed) {
                String chunk;
                try {
                    chunk = live.next();
                } catch (RuntimeException broken) {
                    ended = true; // a broken stream is journaled as far as it went
                    break;
                }
                if (chunk == null) {
                    ended = true;
                } else {
                    read.add(chunk);
                    drained.add(chunk);
                }
            }
            return new ArrayList<>(read);
        }
    }

    /** The stream as the journal serves it on replay. */
    static final class ReplayedChunks implements Chunks {
        private final Deque<String> left;

        ReplayedChunks(List<?> chunks) {
            left = new ArrayDeque<>();
            chunks.forEach(c -> left.add((String) c));
        }

        @Override
        public String next() {
            return left.poll();
        }

        @Override
        public void close() {}
    }

    static final class StreamBoundary implements EffectBoundary {
        @Override
        public String id() {
            return STREAM;
        }

        @Override
        public List<WovenMethod> methods() {
            return List.of(new WovenMethod(Set.of("test/Remote"), "stream", "(Ljava/lang/String;)Ltest/Chunks;"));
        }

        @Override
        public EffectRequest request(Object receiver, Object[] args) {
            return new EffectRequest("STREAM " + args[0], ((String) args[0]).hashCode() | 1);
        }

        @Override
        public Performed perform(Object receiver, Object[] args) throws Throwable {
            RecordingChunks recording = new RecordingChunks(((Remote) receiver).stream((String) args[0]));
            return Performed.streamed(recording, recording);
        }

        @Override
        public Object answer(Object receiver, Object[] args, Object data) {
            return new ReplayedChunks((List<?>) data);
        }
    }

    static final class AskBoundary implements EffectBoundary {
        @Override
        public String id() {
            return ASK;
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
            String live = ((Remote) receiver).ask((String) args[0]);
            return new Performed(live, live);
        }

        @Override
        public Object answer(Object receiver, Object[] args, Object data) {
            return data;
        }
    }

    /** What an SDK's streaming call returns: not plain data (it holds a live resource), and the stream. */
    static final class StreamReply {
        final Chunks chunks;
        final String note;
        final Thread resource = new Thread(() -> {});

        StreamReply(Chunks chunks, String note) {
            this.chunks = chunks;
            this.note = note;
        }
    }

    /** An SDK held in a field: its calls are journaled at its level, its effects reach the boundaries below. */
    final class Sdk {
        final Remote remote = new Remote();

        StreamReply open(String request) throws Throwable {
            return new StreamReply(remote.stream(request), "");
        }

        /** Reads the first chunk itself, then asks something else, then hands the rest of the stream back. */
        StreamReply openAndAsk(String request) throws Throwable {
            Chunks chunks = remote.stream(request);
            String first = chunks.next();
            return new StreamReply(chunks, first + " | " + remote.ask(request + "?"));
        }
    }

    /** How much of its stream the body reads before its next step, and what that step is. */
    enum Then {
        READ_ALL_THEN_HANG,
        READ_ONE_THEN_HANG,
        READ_ONE_THEN_FIND_THEN_REST,
        READ_ONE_THEN_STREAM_AGAIN_THEN_REST,
        READ_ONE_THEN_RETURN,
        /** Reads to the end and returns how much it read, not the data (which may be too large to journal). */
        READ_ALL_THEN_COUNT
    }

    /** A body that streams directly (recomputed code reaches the boundary). */
    final class Agent {
        final TestDurable run = TestDurable.of(Agent.class, "run", 0);
        final Remote remote = new Remote();
        final World.Service service = world.new Service();
        Then then = Then.READ_ALL_THEN_HANG;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            Chunks chunks = remote.stream(topic);
            List<String> got = new ArrayList<>();
            got.add(chunks.next());
            switch (then) {
                case READ_ALL_THEN_HANG -> {
                    readRest(chunks, got);
                    HANG.call(h.engine(), service, topic);
                }
                case READ_ONE_THEN_HANG -> HANG.call(h.engine(), service, topic);
                case READ_ONE_THEN_FIND_THEN_REST -> {
                    got.add((String) FIND.call(h.engine(), service, topic));
                    readRest(chunks, got);
                }
                case READ_ONE_THEN_STREAM_AGAIN_THEN_REST -> {
                    Chunks again = remote.stream(topic + "+");
                    readRest(again, got);
                    readRest(chunks, got);
                }
                case READ_ONE_THEN_RETURN -> {}
                case READ_ALL_THEN_COUNT -> {
                    readRest(chunks, got);
                    return got.size() + " chunks";
                }
            }
            return String.join(",", got);
        }
    }

    /** A body that streams through an SDK held in a field (a journaled call whose result is not data). */
    final class SdkAgent {
        final TestDurable run = TestDurable.of(SdkAgent.class, "run", 0);
        final Sdk sdk = new Sdk();
        final World.Service service = world.new Service();
        boolean askInside;
        boolean hang = true;

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            StreamReply reply = (StreamReply) (askInside ? OPEN_AND_ASK : OPEN).call(h.engine(), sdk, topic);
            List<String> got = new ArrayList<>();
            got.add(reply.note);
            readRest(reply.chunks, got);
            if (hang) {
                HANG.call(h.engine(), service, topic);
            }
            return String.join(",", got);
        }
    }

    private static void readRest(Chunks chunks, List<String> got) {
        for (String c = chunks.next(); c != null; c = chunks.next()) {
            got.add(c);
        }
        chunks.close();
    }

    private static String chunks(String request, int n) {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= CHUNKS; i++) {
            all.add(request + "-" + i + "#" + n);
        }
        return String.join(",", all);
    }

    @BeforeEach
    void withTheStreamingBoundaries() throws InterruptedException {
        h.close();
        h = new EngineHarness(
                dir, "recover=manual", new EffectCatalog(List.of(new StreamBoundary(), new AskBoundary())));
        engine = h.engine();
    }

    private void restart() throws InterruptedException {
        h.restart();
        engine = h.engine();
    }

    /** The positions of the execution's step records, in the order the journal holds them. */
    private List<Integer> stepPositionsInJournalOrder() {
        List<Integer> positions = new ArrayList<>();
        for (JournalRecord r : h.records()) {
            if (r instanceof StepRecorded s) {
                positions.add(s.position());
            } else if (r instanceof StepRecomputed s) {
                positions.add(s.position());
            }
        }
        return positions;
    }

    @Test
    void aStreamReadToItsEndIsJournaledAndReplayedAsAStream() throws Throwable {
        Agent agent = new Agent();
        world.awaitHanging(h.start(() -> agent.run("news")));

        StepRecorded own = h.records(StepRecorded.class).get(0);
        assertEquals(STREAM, own.callee());
        assertEquals(0, own.position());

        restart();
        agent.then = Then.READ_ONE_THEN_FIND_THEN_REST; // position 1 was never recorded: it may change
        String result = agent.run("news");

        assertEquals(1, asked("news"), "the stream was served from the journal");
        String[] parts = result.split(",");
        assertEquals(chunks("news", 1), String.join(",", parts[0], parts[2], parts[3]), result);
    }

    /**
     * A stream the body read whole, too large to journal: the body had the data live, so it keeps it; the journal
     * holds a LAZ-106 error naming the request and call site in its place, which a replay throws without asking
     * again (never a record the journal refuses, leaving the execution to stream again at every restart).
     */
    @Test
    void aStreamTooLargeToJournalIsRecordedAsAnErrorThatOnlyAReplayGets() throws Throwable {
        Agent agent = new Agent();
        agent.then = Then.READ_ALL_THEN_HANG; // it reads every chunk, live, and then hangs in its next call
        world.awaitHanging(h.start(() -> agent.run("huge")));

        StepRecorded own = h.records(StepRecorded.class).get(0);
        assertEquals(STREAM, own.callee());
        assertTrue(own.threw(), "an error in the data's place");
        assertTrue(own.value().length < 1 << 20, own.value().length + " bytes");

        restart();
        dev.lazarus.LazarusException replayed = org.junit.jupiter.api.Assertions.assertThrows(
                dev.lazarus.LazarusException.class, () -> agent.run("huge"));
        assertTrue(
                replayed.getMessage().startsWith("LAZ-106: the data of the effect STREAM huge at "),
                replayed.getMessage());
        assertEquals(1, asked("huge"), "never asked again");
    }

    @Test
    void aStreamTheBodyHasNotReadToTheEndIsJournaledWholeBeforeTheNextStep() throws Throwable {
        Agent agent = new Agent();
        agent.then = Then.READ_ONE_THEN_HANG;
        world.awaitHanging(h.start(() -> agent.run("rain")));

        List<StepRecorded> steps = h.records(StepRecorded.class);
        assertEquals(1, steps.size(), "the stream's record was written before the next step began");
        assertEquals(0, steps.get(0).position());

        restart();
        agent.then = Then.READ_ONE_THEN_FIND_THEN_REST;
        String result = agent.run("rain");

        assertEquals(1, asked("rain"), "the stream, drained before the kill, was served from the journal");
        assertEquals(
                List.of("rain-1#1", "found rain #1", "rain-2#1", "rain-3#1"),
                List.of(result.split(",")),
                "every chunk, the one read before the kill and the ones drained for it");
    }

    @Test
    void theCallerStillReadsWhatWasDrainedForTheNextStepAndRecordsStayInPositionOrder() throws Throwable {
        Agent agent = new Agent();
        agent.then = Then.READ_ONE_THEN_FIND_THEN_REST;

        String result = agent.run("snow");

        assertEquals(List.of("snow-1#1", "found snow #1", "snow-2#1", "snow-3#1"), List.of(result.split(",")));
        assertEquals(List.of(0, 1), stepPositionsInJournalOrder());
        assertEquals(1, asked("snow"));
    }

    @Test
    void aStreamStillReadWhenTheBodyReachesItsNextEffectIsJournaledFirst() throws Throwable {
        Agent agent = new Agent();
        agent.then = Then.READ_ONE_THEN_STREAM_AGAIN_THEN_REST;

        String result = agent.run("sleet");

        assertEquals(
                List.of("sleet-1#1", "sleet+-1#1", "sleet+-2#1", "sleet+-3#1", "sleet-2#1", "sleet-3#1"),
                List.of(result.split(",")));
        assertEquals(List.of(0, 1), stepPositionsInJournalOrder(), "the first stream's record comes first");
    }

    @Test
    void aStreamTheBodyNeverFinishesIsJournaledBeforeTheExecutionEnds() throws Throwable {
        Agent agent = new Agent();
        agent.then = Then.READ_ONE_THEN_RETURN;

        assertEquals("wind-1#1", agent.run("wind"));

        List<JournalRecord> records = h.records();
        int step = -1;
        int finished = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) instanceof StepRecorded) {
                step = i;
            } else if (records.get(i) instanceof ExecutionFinished) {
                finished = i;
            }
        }
        assertTrue(step >= 0 && step < finished, "the stream's record comes before the end: " + records);
    }

    @Test
    void aProcessKilledWhileTheStreamIsReadHasNoRecordOfItAndTheEffectHappensAgain() throws Throwable {
        Agent agent = new Agent();
        hangInStream.add("hail");
        world.awaitHanging(h.start(() -> agent.run("hail")));
        assertEquals(List.of(), h.records(StepRecorded.class), "nothing is journaled for a stream being read");

        restart();
        hangInStream.clear();
        agent.then = Then.READ_ONE_THEN_FIND_THEN_REST;
        String result = agent.run("hail");

        assertEquals(2, asked("hail"), "the stream in flight at the kill was requested again");
        assertEquals(List.of("hail-1#2", "found hail #1", "hail-2#2", "hail-3#2"), List.of(result.split(",")));
    }

    @Test
    void aStreamReturnedByAJournaledCallIsJournaledInsideItsStepAfterTheCallReturned() throws Throwable {
        SdkAgent agent = new SdkAgent();
        world.awaitHanging(h.start(() -> agent.run("fog")));

        List<JournalRecord> records = h.records().stream()
                .filter(r -> r instanceof StepRecomputed || r instanceof EffectRecorded)
                .toList();
        assertEquals(2, records.size(), records.toString());
        assertTrue(records.get(0) instanceof StepRecomputed, "the call returned before its stream was read");
        EffectRecorded streamed = (EffectRecorded) records.get(1);
        assertEquals(0, streamed.position());
        assertEquals(0, streamed.index());

        restart();
        agent.hang = false;
        String result = agent.run("fog");

        assertEquals(1, asked("fog"), "the recomputed call's stream was served from the journal");
        assertEquals("," + chunks("fog", 1), result);
    }

    @Test
    void aStreamStillReadWhenItsCallHasItsNextEffectIsJournaledFirst() throws Throwable {
        SdkAgent agent = new SdkAgent();
        agent.askInside = true;
        world.awaitHanging(h.start(() -> agent.run("dew")));

        assertEquals(
                List.of(0, 1),
                h.records(EffectRecorded.class).stream()
                        .map(EffectRecorded::index)
                        .toList(),
                "the stream (effect 0) was journaled before the effect after it");

        restart();
        agent.hang = false;
        String result = agent.run("dew");

        assertEquals(1, asked("dew"));
        assertEquals(1, asked("dew?"));
        assertEquals("dew-1#1 | answer to dew? #1,dew-2#1,dew-3#1", result);
    }
}
