package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Figure 12: journaled calls a durable body fans out to other threads. {@link #fanOut} submits {@code n} calls
 * of a field-held service ({@link FanOutService#call}, trivial work, a 32-character answer) to an {@link ExecutorService}
 * of {@code n} threads and joins them: each call runs as a branch of the execution and is journaled there, so the
 * {@code n} appends happen at once and in {@code fsync} mode can share syncs (group commit). {@link #sequential}
 * makes the same {@code n} calls one after the other on the body's thread, for contrast. Both mark the part that
 * makes the calls with {@link Spans} (a static call outside the body: recomputed, so it runs live, on replay too);
 * the execution's start and finish records, and their syncs, stay outside the span. {@link PlainFanOut} is the same
 * fan-out outside any durable body: what the executor alone costs.
 *
 * <p>{@code FanOutApp latency N EXECUTIONS WARM FLOOR_DIR FLOOR_OPS}: WARM executions of each kind, then
 * EXECUTIONS of each alternating with a plain fan-out; prints the spans' percentiles ({@code fanout.*},
 * {@code sequential.*}, {@code plain.*}), the write system calls per span ({@code *.writes_per_span}: in
 * {@code fsync} mode, the syncs the calls waited for), when a fan-out's last call started
 * ({@code fanout.last_call.*}, {@code plain.last_call.*}: the executor's hand-offs) and how long the fan-out went
 * on after it ({@code fanout.after_last_call.*}: the journal), and the disk's fsync floor measured in the same JVM
 * right before and after ({@code floor.*}).
 *
 * <p>{@code FanOutApp record N EXECUTIONS}: records EXECUTIONS executions of each kind, alternating, one at a
 * time; each stops in its last call ({@link Gate#pass}), which blocks, and once all wait there the process halts:
 * every execution is left unfinished with its {@code n} calls recorded. {@code FanOutApp replay N EXECUTIONS}
 * (recover=manual, same journal) calls them again in the same order: each resumes, its calls are answered from
 * the journal (a fan-out's from each branch's own record) and the gate runs live; prints the replayed spans'
 * percentiles ({@code fanout.*}, {@code sequential.*}, with the writes per span), {@code plain.*} measured alternately
 * with them, and {@code live_calls} (calls that really ran again: must be 0).
 *
 * <p>Figure 12 of bench/REPORT.md runs it ({@code bench/run.sh --only=12}); by hand:
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * CP="$(cat bench/target/bench-classpath.txt):bench/target/classes"
 * java -javaagent:javaagent/target/lazarus-agent.jar=journal=/tmp/j,durability=fsync \
 *      -cp "$CP" dev.lazarus.bench.apps.FanOutApp latency 16 1000 300 /tmp/floor 1000
 * </pre>
 */
public class FanOutApp {
    private final FanOutService service = new FanOutService();
    private final Gate gate = new Gate();
    private final ExecutorService pool;

    FanOutApp(int threads) {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fan-out");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code n} journaled calls fanned out to the pool and joined; the gate last. */
    @Durable
    public int fanOut(@ExecutionKey String key, int n) throws Exception {
        Spans.begin();
        List<Future<String>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            calls.add(pool.submit(() -> service.call(index)));
        }
        int chars = 0;
        for (Future<String> call : calls) {
            chars += call.get().length();
        }
        Spans.end();
        gate.pass();
        return chars;
    }

    /** The same {@code n} journaled calls one after the other on the body's thread; the gate last. */
    @Durable
    public int sequential(@ExecutionKey String key, int n) {
        Spans.begin();
        int chars = 0;
        for (int i = 0; i < n; i++) {
            chars += service.call(i).length();
        }
        Spans.end();
        gate.pass();
        return chars;
    }

    /** The last call of each execution: blocks while recording (the process then halts), returns otherwise. */
    public static final class Gate {
        static final Semaphore arrivals = new Semaphore(0);
        static final Semaphore never = new Semaphore(0);
        static volatile boolean block;
        int live;

        public void pass() {
            live++;
            if (block) {
                arrivals.release();
                never.acquireUninterruptibly();
            }
        }
    }

    /** The execution keys: fan-outs and sequential bodies alternate, so both see the same warm-up and load. */
    static String key(String prefix, int i) {
        return prefix + (i % 2 == 0 ? "-fan-" : "-seq-") + i;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int executions = Integer.parseInt(args[2]);
        FanOutApp app = new FanOutApp(n);
        switch (mode) {
            case "latency" -> latency(app, n, executions, args);
            case "record" -> record(app, n, executions);
            case "replay" -> replay(app, n, executions);
            default -> throw new IllegalArgumentException("mode latency, record or replay, not " + mode);
        }
    }

    private static void latency(FanOutApp app, int n, int executions, String[] args) throws Exception {
        int warm = Integer.parseInt(args[3]);
        java.nio.file.Path floorDir = java.nio.file.Path.of(args[4]);
        int floorOps = Integer.parseInt(args[5]);
        String nonce = Long.toString(System.nanoTime(), 36);
        PlainFanOut plain = new PlainFanOut(app.pool, n);
        long[] none = new long[0];
        Spans.reset(0);
        for (int i = 0; i < 2 * warm; i++) {
            run(app, key("warm-" + nonce, i), i, n);
            plain.run(none, 0);
        }
        long[] before = Floor.measure(floorDir, true, floorOps);
        Spans.reset(2 * executions);
        long[] plainNanos = new long[executions];
        long[] plainSpread = new long[executions];
        long[] spread = new long[executions];
        long[] tail = new long[executions];
        for (int i = 0; i < 2 * executions; i++) {
            run(app, key("measured-" + nonce, i), i, n);
            if (i % 2 == 0) {
                // the fan-out's last call started when the executor handed out its last task; the rest is the journal
                long[] spans = Spans.nanos();
                spread[i / 2] = app.service.lastStart() - Spans.lastBegin();
                tail[i / 2] = spans[spans.length - 1] - spread[i / 2];
                plainNanos[i / 2] = plain.run(plainSpread, i / 2);
            }
        }
        long[] after = Floor.measure(floorDir, true, floorOps);
        Floor.report(before, after);
        report("fanout", "sequential", Spans.nanos(), Spans.writes());
        Out.percentiles("fanout.last_call", spread, spread.length);
        Out.percentiles("fanout.after_last_call", tail, tail.length);
        Out.percentiles("plain", plainNanos, plainNanos.length);
        Out.percentiles("plain.last_call", plainSpread, plainSpread.length);
        Out.result("calls_per_execution", n);
        Out.result("live_calls", app.service.calls());
        app.pool.shutdown();
    }

    private static void record(FanOutApp app, int n, int executions) throws InterruptedException {
        Gate.block = true;
        Spans.reset(0);
        for (int i = 0; i < 2 * executions; i++) {
            String k = key("replay", i);
            int kind = i;
            Thread t = new Thread(
                    null,
                    () -> {
                        try {
                            run(app, k, kind, n);
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    },
                    "record-" + i,
                    256 * 1024);
            t.setDaemon(true);
            t.start();
            Gate.arrivals.acquire(); // one at a time: each execution's records are written before the next starts
        }
        Out.result("recorded", 2 * executions);
        Out.halt();
    }

    private static void replay(FanOutApp app, int n, int executions) throws Exception {
        PlainFanOut plain = new PlainFanOut(app.pool, n);
        long[] none = new long[0];
        Spans.reset(2 * executions);
        long[] plainNanos = new long[executions];
        long t0 = System.nanoTime();
        for (int i = 0; i < 2 * executions; i++) {
            int chars = run(app, key("replay", i), i, n);
            if (chars != n * Probe.VALUE.length()) {
                throw new IllegalStateException("execution " + i + " returned " + chars);
            }
            if (i % 2 == 0) {
                plainNanos[i / 2] = plain.run(none, 0);
            }
        }
        Out.result("replay_s", Out.fmt((System.nanoTime() - t0) / 1e9));
        report("fanout", "sequential", Spans.nanos(), Spans.writes());
        Out.percentiles("plain", plainNanos, plainNanos.length);
        Out.result("calls_per_execution", n);
        Out.result("live_calls", app.service.calls());
        Out.result("live_gates", app.gate.live);
        app.pool.shutdown();
    }

    /** Execution {@code i}: a fan-out when even, sequential when odd. */
    private static int run(FanOutApp app, String key, int i, int n) throws Exception {
        return i % 2 == 0 ? app.fanOut(key, n) : app.sequential(key, n);
    }

    /** Splits the alternating spans into the two kinds and prints each kind's percentiles and writes per span. */
    private static void report(String fan, String seq, long[] nanos, long[] writes) {
        int half = nanos.length / 2;
        long[][] spans = {new long[half], new long[half]};
        long[] writeSums = new long[2];
        for (int i = 0; i < 2 * half; i++) {
            spans[i % 2][i / 2] = nanos[i];
            writeSums[i % 2] += writes[i];
        }
        Out.percentiles(fan, spans[0], half);
        Out.percentiles(seq, spans[1], half);
        Out.result(fan + ".writes_per_span", Out.fmt((double) writeSums[0] / half));
        Out.result(seq + ".writes_per_span", Out.fmt((double) writeSums[1] / half));
    }
}
