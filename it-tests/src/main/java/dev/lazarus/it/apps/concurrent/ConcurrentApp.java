package dev.lazarus.it.apps.concurrent;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import dev.lazarus.it.apps.support.StepService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many executions of one {@code @Durable} method running at once in one JVM, one thread each.
 *
 * <p>{@code ConcurrentApp COUNT}: runs {@code job("job-00") .. job("job-<COUNT-1>")} concurrently, prints
 * {@code RESULT <jobId> <result>} for each and then {@code ALL-DONE}.
 */
public class ConcurrentApp {
    /** Outside calls per job, before the final publish. */
    public static final int STEPS = 3;

    private final StepService steps;
    private final Publisher publisher;

    public ConcurrentApp(Ledger ledger) {
        steps = new StepService(ledger);
        publisher = new Publisher(ledger);
    }

    @Durable
    public String job(@ExecutionKey String jobId) {
        List<String> values = new ArrayList<>();
        for (int s = 1; s <= STEPS; s++) {
            values.add(steps.step(jobId, s));
        }
        String result = String.join(",", values);
        publisher.publish(jobId, result);
        return result;
    }

    /** @return the id of job {@code i} */
    public static String jobId(int i) {
        return String.format("job-%02d", i);
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        System.out.println("START pid=" + ProcessHandle.current().pid());
        ConcurrentApp app = new ConcurrentApp(Ledger.fromSystemProperty());
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = jobId(i);
            results.add(pool.submit(() -> {
                go.await();
                return app.job(id);
            }));
        }
        go.countDown();
        for (int i = 0; i < count; i++) {
            System.out.println("RESULT " + jobId(i) + " " + results.get(i).get());
        }
        pool.shutdown();
        System.out.println("ALL-DONE");
    }
}
