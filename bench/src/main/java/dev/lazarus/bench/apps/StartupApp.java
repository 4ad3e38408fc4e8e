package dev.lazarus.bench.apps;

import dev.lazarus.Durable;

/**
 * Figure 10: what attaching the agent adds to a JVM's start. The orchestrator notes
 * {@code System.nanoTime()} just before it starts this JVM (Linux's monotonic clock is one clock for every
 * process of the machine), and the JVM prints the same clock when {@code main} is entered and when its
 * first durable call (one journaled call, on an empty journal) has returned. Run without the agent, the
 * durable method is plain code: the difference is the agent's start-up and its first execution.
 */
public class StartupApp {
    private final Probe probe = new Probe();

    @Durable
    public String first(int seed) {
        return probe.call(seed);
    }

    public static void main(String[] args) {
        long main = System.nanoTime();
        String value = new StartupApp().first(1);
        long durable = System.nanoTime();
        Out.result("main_ns", main);
        Out.result("first_durable_ns", durable);
        Out.result("value", value);
    }
}
