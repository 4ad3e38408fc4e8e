package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure 13 (b): a steady load that runs for a while. THREADS threads each run executions of {@link HistoryApp}'s
 * shape ({@link HistoryApp#CALLS} journaled calls, an explicit key of its own) back to back, at full speed, for
 * SECONDS; then the JVM exits normally (the agent closes the journal). The benchmark samples the journal
 * directory's size meanwhile, from outside.
 *
 * <p>{@code SoakApp THREADS SECONDS}: prints {@code executions}, {@code calls_per_s} and the measured
 * {@code seconds}.
 */
public class SoakApp {
    private final Probe probe = new Probe();

    @Durable
    public String work(@ExecutionKey String key) {
        String last = null;
        for (int i = 0; i < HistoryApp.CALLS; i++) {
            last = probe.call(i);
        }
        return last;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        SoakApp app = new SoakApp();
        LongAdder executions = new LongAdder();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            // keys as short as the generated history's ("h-" and a number), so that an execution's records are
            // about as many bytes as there (the journal is new: no earlier run's keys to collide with)
            String prefix = "s" + t + "-";
            ts[t] = new Thread(
                    () -> {
                        for (long i = 0; System.nanoTime() < deadline; i++) {
                            app.work(prefix + i);
                            executions.increment();
                        }
                    },
                    "soak-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Out.result("executions", executions.sum());
        Out.result("calls_per_s", Out.fmt(app.probe.calls() / elapsed));
        Out.result("seconds", Out.fmt(elapsed));
    }
}
