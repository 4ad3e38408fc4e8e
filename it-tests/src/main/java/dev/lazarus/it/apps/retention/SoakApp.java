package dev.lazarus.it.apps.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executions at full speed beside approvals that wait, for a journal with a short {@code retention}.
 * {@code SoakApp MODE SECONDS APPROVALS THREADS}:
 *
 * <ul>
 *   <li>{@code start}: starts the approvals {@code a-0} ... (each asks, then waits for the event
 *       {@code approval/a-i}), prints {@code WAITING}, then runs busy executions on THREADS threads for SECONDS,
 *       printing {@code PROGRESS <busy executions finished>} every 250 ms, then {@code RAN <count>}, and blocks
 *       (the test kills it);
 *   <li>{@code resume}: initialises {@link Soak}, so recovery resumes the approvals an earlier process left
 *       waiting, runs busy executions for SECONDS as {@code start} does, prints {@code RAN <count>}, then waits
 *       until every approval is done (the test sends the events), prints {@code APPROVALS-DONE} and exits 0.
 * </ul>
 */
public final class SoakApp {
    private SoakApp() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long seconds = Long.parseLong(args[1]);
        int approvals = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        System.out.println("START pid=" + ProcessHandle.current().pid());
        if (mode.equals("start")) {
            for (int i = 0; i < approvals; i++) {
                String id = "a-" + i;
                Thread t = new Thread(() -> Soak.approval(id), "approval-" + i);
                t.setDaemon(true);
                t.start();
            }
            System.out.println("WAITING");
        } else {
            Soak.init();
        }
        long done = busy(seconds, threads, mode);
        System.out.println("RAN " + done);
        System.out.flush();
        if (mode.equals("start")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        while (Soak.APPROVALS_DONE.get() < approvals) {
            Thread.sleep(20);
        }
        System.out.println("APPROVALS-DONE");
        System.out.flush();
        System.exit(0);
    }

    private static long busy(long seconds, int threads, String mode) throws InterruptedException {
        AtomicLong finished = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            Thread t = new Thread(
                    () -> {
                        long n = 0;
                        while (System.nanoTime() < end) {
                            Soak.busy(mode + "-" + worker + "-" + n++);
                            finished.incrementAndGet();
                        }
                    },
                    "busy-" + w);
            t.start();
            workers.add(t);
        }
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            System.out.println("PROGRESS " + finished.get());
            System.out.flush();
        }
        for (Thread t : workers) {
            t.join();
        }
        return finished.get();
    }
}
