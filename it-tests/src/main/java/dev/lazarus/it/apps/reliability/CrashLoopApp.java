package dev.lazarus.it.apps.reliability;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The crash loop's application: rounds of concurrent durable pipelines, forever, until SIGKILL.
 *
 * <p>{@code CrashLoopApp PIPELINES STEPS FROM_ROUND TO_ROUND CALL_DELAY_MS}: for each round {@code r} from
 * {@code FROM_ROUND} ({@code TO_ROUND} inclusive, {@code -1} for no end) it runs {@code pipeline("r<r>-p<i>",
 * STEPS)} for i in 0..PIPELINES-1, concurrently, one thread each, prints {@code RESULT <pipeline> <result>} for
 * each and then {@code ROUND-DONE <r>}. After the last round it prints {@code ALL-DONE}.
 *
 * <p>On a restart the journal has unfinished pipelines of round {@code FROM_ROUND}: constructing the app
 * object lets automatic recovery resume them on engine threads; the app then waits {@code CALL_DELAY_MS}
 * and calls its pipelines again, which joins a running execution, resumes one recovery has not reached
 * yet, or returns a finished one's recorded result (explicit keys).
 *
 * <p>Prints {@code MAIN-START jvmStart=<epoch millis> uptime=<millis>} first: the time from the JVM's start
 * to {@code main}, which includes the agent's start-up (opening and scanning the journal).
 */
public class CrashLoopApp {
    private final ChainService service;

    public CrashLoopApp(Ledger ledger) {
        this.service = new ChainService(ledger);
    }

    /** {@code steps} chained outside calls, each given the previous one's value, then a publish. */
    @Durable
    public String pipeline(@ExecutionKey String key, int steps) {
        List<String> values = new ArrayList<>();
        String prev = "start";
        for (int k = 1; k <= steps; k++) {
            prev = service.step(key, k, prev);
            values.add(prev);
        }
        String result = String.join(",", values);
        service.publish(key, result);
        return result;
    }

    /** @return the key of pipeline {@code i} of round {@code round} */
    public static String key(long round, int i) {
        return String.format("r%05d-p%d", round, i);
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        int pipelines = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        long from = Long.parseLong(args[2]);
        long to = Long.parseLong(args[3]);
        long callDelay = Long.parseLong(args[4]);
        System.out.println("MAIN-START jvmStart=" + jvmStart + " uptime=" + uptime + " pid="
                + ProcessHandle.current().pid());
        System.out.flush();
        CrashLoopApp app = new CrashLoopApp(Ledger.fromSystemProperty());
        if (callDelay > 0) {
            Thread.sleep(callDelay); // let automatic recovery run alone for a while
        }
        ExecutorService pool = Executors.newFixedThreadPool(pipelines);
        for (long round = from; to < 0 || round <= to; round++) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < pipelines; i++) {
                String key = key(round, i);
                results.add(pool.submit(() -> app.pipeline(key, steps)));
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < pipelines; i++) {
                try {
                    out.append("RESULT ")
                            .append(key(round, i))
                            .append(' ')
                            .append(results.get(i).get())
                            .append('\n');
                } catch (ExecutionException e) {
                    System.out.println("FAILED " + key(round, i) + " " + e.getCause());
                    System.out.flush();
                    System.exit(3);
                }
            }
            out.append("ROUND-DONE ").append(round);
            System.out.println(out);
            System.out.flush();
        }
        pool.shutdown();
        System.out.println("ALL-DONE");
    }
}
