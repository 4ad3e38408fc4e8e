package dev.lazarus.it.apps.waits;

import dev.lazarus.Lazarus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many durable executions waiting at once in one JVM. {@code ManyWaitersApp MODE N}:
 *
 * <ul>
 *   <li>{@code run N}: starts N executions of {@link ManyWaiters#waitFor} ({@code w-0} ... ), each on its own
 *       virtual thread where the JDK has them (21+; {@code Executors.newVirtualThreadPerTaskExecutor}, looked
 *       up reflectively as this is compiled for 17) and on its own platform thread otherwise. Once all N
 *       have arrived at their wait it prints {@code WAITING} with the JVM's platform thread count (now and
 *       peak, from {@link ThreadMXBean}, which counts no virtual threads) and the CPU the process used in
 *       the next 2 s; then it sends the N events, waits until all N finished, prints {@code ALL DONE} and
 *       exits 0;</li>
 *   <li>{@code hold N}: the same up to {@code WAITING}, then prints {@code HOLDING} and blocks (the test kills
 *       it);</li>
 *   <li>{@code recover N}: starts nothing; initialising {@link ManyWaiters} makes recovery resume the N
 *       executions a killed {@code hold} left. It samples the platform thread count every 20 ms, waits until
 *       the process is quiet (recovery done, everything waiting), prints {@code SETTLED} with the counts, then
 *       sends the N events and waits for all N to finish as {@code run} does.</li>
 * </ul>
 */
public final class ManyWaitersApp {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AtomicInteger MAX_THREADS = new AtomicInteger();

    private ManyWaitersApp() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        long timeoutMs = 600_000;
        System.out.println("START pid=" + ProcessHandle.current().pid() + " java="
                + Runtime.version().feature());
        startSampler();
        ExecutorService pool = virtualThreadPerTask();
        boolean virtual = pool != null;
        if (pool == null) {
            pool = Executors.newCachedThreadPool(); // a platform thread per waiting task
        }
        System.out.println("VIRTUAL " + virtual);
        System.out.flush();
        long t0 = System.nanoTime();
        if (mode.equals("run") || mode.equals("hold")) {
            List<Future<String>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = "w-" + i;
                futures.add(pool.submit(() -> ManyWaiters.waitFor(id, timeoutMs)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Arrivals.arrived() < n) {
                if (System.nanoTime() > deadline) {
                    System.out.println("TIMEOUT only " + Arrivals.arrived() + " of " + n + " arrived");
                    System.exit(3);
                }
                Thread.sleep(20);
            }
            System.out.println("ARRIVED n=" + n + " ms=" + ms(t0));
            Thread.sleep(500); // the last arrivals are now inside awaitEvent
            report("WAITING");
            if (mode.equals("hold")) {
                System.out.println("HOLDING");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            sendAllAndAwait(pool, n);
            for (Future<String> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } else if (mode.equals("recover")) {
            ManyWaiters.init();
            awaitQuiet();
            System.out.println("RECOVERED ms=" + ms(t0) + " done=" + Arrivals.done());
            report("SETTLED");
            sendAllAndAwait(pool, n);
        } else {
            throw new IllegalArgumentException("mode " + mode);
        }
        System.out.println("ALL DONE n=" + n + " wrong=" + Arrivals.wrong() + " totalMs=" + ms(t0)
                + " maxPlatformThreads=" + MAX_THREADS.get() + " peakPlatformThreads=" + THREADS.getPeakThreadCount());
        System.out.flush();
        System.exit(0);
    }

    /** Prints {@code <what> platformThreads=.. maxPlatformThreads=.. peakPlatformThreads=.. cpuMsIn2s=.. done=..}. */
    private static void report(String what) throws InterruptedException {
        long cpu0 = processCpuNanos();
        Thread.sleep(2_000);
        long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
        System.out.println(what + " platformThreads=" + THREADS.getThreadCount() + " maxPlatformThreads="
                + MAX_THREADS.get() + " peakPlatformThreads=" + THREADS.getPeakThreadCount() + " cpuMsIn2s=" + cpuMs
                + " done=" + Arrivals.done());
        System.out.flush();
    }

    private static void sendAllAndAwait(ExecutorService pool, int n) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> sends = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "w-" + i;
            sends.add(pool.submit(() -> Lazarus.sendEvent("go", id, "go-" + id)));
        }
        for (Future<?> f : sends) {
            f.get(120, TimeUnit.SECONDS);
        }
        System.out.println("SENT n=" + n + " ms=" + ms(t0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Arrivals.done() < n) {
            if (System.nanoTime() > deadline) {
                System.out.println("TIMEOUT only " + Arrivals.done() + " of " + n + " finished");
                System.exit(3);
            }
            Thread.sleep(20);
        }
        System.out.println("FINISHED n=" + n + " ms=" + ms(t0));
    }

    /** Waits until the process used less than 100 ms of CPU in a second (at most 90 s). */
    private static void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long last = processCpuNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = processCpuNanos();
            if (now - last < 100_000_000L) {
                return;
            }
            last = now;
        }
        System.out.println("NOT QUIET after 90 s");
    }

    private static void startSampler() {
        Thread t = new Thread(
                () -> {
                    while (true) {
                        MAX_THREADS.accumulateAndGet(THREADS.getThreadCount(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "thread-count-sampler");
        t.setDaemon(true);
        t.start();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    /** @return {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21+, else {@code null} */
    private static ExecutorService virtualThreadPerTask() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
