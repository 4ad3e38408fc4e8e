package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figure 13 (a): what a journal's history of finished executions costs a JVM that starts on it.
 *
 * <p>{@code HistoryApp template} runs one execution (key {@code template}) of {@link #work}: the records the
 * benchmark's generator copies into a journal of many finished executions ({@code dev.lazarus.bench.log.HistoryWriter}),
 * so that they are the agent's own.
 *
 * <p>{@code HistoryApp start [HISTORY_KEY]}, as figure 10 measures start-up: the orchestrator notes
 * {@code System.nanoTime()} just before it starts this JVM and the JVM prints the same clock when {@code main} is
 * entered ({@code main_ns}) and when its first durable call, a new execution of {@link #work}, has returned
 * ({@code first_durable_ns}). Then, the timing done, the heap the JVM holds: the used heap after two full
 * collections ({@code heap_bytes}; the benchmark subtracts what a JVM on an empty journal holds, which leaves what
 * the agent holds for the history), and the process's peak and current resident memory ({@code vm_hwm_kb},
 * {@code vm_rss_kb}). With HISTORY_KEY (the key of a generated finished execution), it then calls {@link #work}
 * with that key: an explicit key's finished execution answers for it, so the call must return the recorded
 * value without calling the service ({@code history_answered}): the generated history is one the agent reads as
 * its own.
 */
public class HistoryApp {
    /** Journaled calls per execution. */
    public static final int CALLS = 10;

    private final Probe probe = new Probe();

    @Durable
    public String work(@ExecutionKey String key) {
        String last = null;
        for (int i = 0; i < CALLS; i++) {
            last = probe.call(i);
        }
        return last;
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        HistoryApp app = new HistoryApp();
        if (args[0].equals("template")) {
            Out.result("value", app.work("template"));
            return;
        }
        app.work("first-" + Long.toString(System.nanoTime(), 36));
        long durable = System.nanoTime();
        Out.result("main_ns", main);
        Out.result("first_durable_ns", durable);
        Out.result("heap_bytes", usedHeapAfterCollection());
        Out.result("vm_hwm_kb", procStatusKb("VmHWM:"));
        Out.result("vm_rss_kb", procStatusKb("VmRSS:"));
        if (args.length > 1) {
            long before = app.probe.calls();
            String value = app.work(args[1]);
            Out.result("history_answered", app.probe.calls() == before && Probe.VALUE.equals(value));
        }
    }

    /** The used heap after full collections: what is reachable, not what garbage happens to be left. */
    static long usedHeapAfterCollection() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return a {@code kB} line of {@code /proc/self/status}, or -1 where there is none */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(
                            line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
