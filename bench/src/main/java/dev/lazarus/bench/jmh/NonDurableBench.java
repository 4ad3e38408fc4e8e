package dev.lazarus.bench.jmh;

import dev.lazarus.Durable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Figure 6: code that is not durable, run in one JVM without the agent and in one with it (the runner
 * forks both). The agent must leave it alone: a compute loop in a plain class; a non-durable method, of a
 * class that does declare a {@code @Durable} method, calling a field-held service (the same shape that is
 * journaled inside a durable body); and constructing instances of such a class (the agent hooks their
 * constructors for recovery).
 */
@State(Scope.Thread)
public class NonDurableBench {
    private long[] data;
    private Holder holder;
    private int seed;

    @Setup
    public void setup() {
        data = new long[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0x9E3779B97F4A7C15L;
        }
        holder = new Holder();
    }

    @Benchmark
    public long computeLoop() {
        long h = 17;
        for (long v : data) {
            h = Long.rotateLeft(h ^ v, 13) * 31;
        }
        return h;
    }

    @Benchmark
    public long fieldServiceCalls() {
        return holder.work(seed++);
    }

    @Benchmark
    public Object constructDurableClass() {
        return new Holder();
    }

    /** A service reached through a field. */
    public static final class Service {
        private long state = 1;

        public long next(long x) {
            state = state * 6364136223846793005L + x;
            return state >>> 17;
        }
    }

    /** A class with a durable method that is never called here, and ordinary methods that are. */
    public static final class Holder {
        private final Service service = new Service();

        public long work(int x) {
            long acc = 0;
            for (int i = 0; i < 16; i++) {
                acc += service.next(x + i);
            }
            return acc;
        }

        @Durable
        public long durableWork(int x) {
            return service.next(x);
        }
    }
}
