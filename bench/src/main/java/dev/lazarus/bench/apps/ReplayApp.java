package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;

/**
 * Figure 4: an execution with N journaled calls is recorded and the process halted before the execution
 * ends; a new process (recover=manual) calls the method again with the same key, which resumes it: every
 * call is answered from the journal, then the last call runs live.
 *
 * <p>{@code ReplayApp record N KEY}: records and halts. {@code ReplayApp replay N KEY}: prints the time from the
 * call to its return, per replayed call, and how many calls really ran (must be 0).
 */
public class ReplayApp {
    private final Probe probe = new Probe();
    private final Control control = new Control();

    @Durable
    public int run(@ExecutionKey String key, int n) {
        for (int i = 0; i < n; i++) {
            probe.call(i);
        }
        control.end();
        return n;
    }

    /** The last call of the execution: halts the recording process, returns in the replaying one. */
    public static final class Control {
        static volatile boolean haltOnEnd;
        int live;

        public void end() {
            live++;
            if (haltOnEnd) {
                Out.halt();
            }
        }
    }

    public static void main(String[] args) {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        String key = args[2];
        long mainAt = System.currentTimeMillis();
        ReplayApp app = new ReplayApp();
        if (mode.equals("record")) {
            Control.haltOnEnd = true;
            long t0 = System.nanoTime();
            app.run(key, n); // halts in control.end()
            throw new IllegalStateException("not halted after " + (System.nanoTime() - t0) + " ns");
        }
        Out.result("jvm_start_ms", Out.jvmStartMillis());
        Out.result("main_ms", mainAt);
        long t0 = System.nanoTime();
        int r = app.run(key, n);
        long elapsed = System.nanoTime() - t0;
        Out.result("result", r);
        Out.result("replay_ms", Out.fmt(elapsed / 1e6));
        Out.result("per_call_us", Out.fmt(elapsed / 1000.0 / n));
        Out.result("live_calls", app.probe.calls());
        Out.result("live_end_calls", app.control.live);
    }
}
