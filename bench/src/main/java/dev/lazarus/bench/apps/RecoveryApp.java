package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figure 5: COUNT executions are left unfinished by a halted process; the next process (recover=auto)
 * resumes all of them as soon as it constructs the first instance of the class.
 *
 * <p>Each execution makes one journaled call ({@code probe.call}) and then calls {@code gate.pass()}. In
 * {@code create} mode the gate blocks every caller; once all COUNT executions are waiting there, the
 * process halts, leaving COUNT unfinished executions of one recorded step each. In {@code resume} mode the
 * gate lets everyone through: an execution has <em>resumed</em> when it replayed its step and reached the
 * gate live. After all passed, the method is called again for every key, which waits for executions still
 * finishing (or returns their recorded outcome): then all have <em>completed</em>.
 *
 * <p>{@code RecoveryApp create COUNT} / {@code RecoveryApp resume COUNT}
 */
public class RecoveryApp {
    private final Probe probe = new Probe();
    private final Gate gate = new Gate();

    @Durable
    public String job(@ExecutionKey String key) {
        probe.call(0);
        gate.pass();
        return key;
    }

    /** Blocks in create mode; counts arrivals in resume mode. */
    public static final class Gate {
        static final CountDownLatch never = new CountDownLatch(1);
        static volatile boolean block;
        static final AtomicInteger arrived = new AtomicInteger();
        static volatile long lastArrivalMillis;

        public void pass() {
            arrived.incrementAndGet();
            lastArrivalMillis = System.currentTimeMillis();
            if (block) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static String key(int i) {
        return "job-" + i;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int count = Integer.parseInt(args[1]);
        long mainAt = System.currentTimeMillis();
        if (mode.equals("create")) {
            Gate.block = true;
            RecoveryApp app = new RecoveryApp();
            for (int i = 0; i < count; i++) {
                String k = key(i);
                Thread t = new Thread(null, () -> app.job(k), "create-" + i, 256 * 1024);
                t.setDaemon(true);
                t.start();
            }
            long deadline = System.currentTimeMillis() + 120_000;
            while (Gate.arrived.get() < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            Out.result("created", Gate.arrived.get());
            Out.result("create_ms", System.currentTimeMillis() - mainAt);
            Out.halt();
            return;
        }
        // resume: constructing the instance schedules every unfinished execution
        RecoveryApp app = new RecoveryApp();
        long deadline = System.currentTimeMillis() + 120_000;
        while (Gate.arrived.get() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        long resumedAt = Gate.lastArrivalMillis;
        for (int i = 0; i < count; i++) {
            app.job(key(i));
        }
        long completedAt = System.currentTimeMillis();
        Out.result("jvm_start_ms", Out.jvmStartMillis());
        Out.result("main_ms", mainAt);
        Out.result("resumed", Gate.arrived.get());
        Out.result("resumed_ms", resumedAt);
        Out.result("completed_ms", completedAt);
        Out.result("live_calls", app.probe.calls());
    }
}
