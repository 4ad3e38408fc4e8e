package dev.lazarus.it.apps.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The schedule test's application: many executions of {@link ParallelToolsAgent} at once in one JVM, each with
 * topics of its own, so that with random tool delays ({@code it.tools.maxDelayMillis}) each one's lookups
 * interleave in an order of their own.
 *
 * <p>{@code ParallelSchedule BASE_URL STYLE FIRST COUNT}: runs the executions {@code s<n>} for n from
 * {@code FIRST} to {@code FIRST+COUNT-1}, all at once, over the topics {@code s<n>-a} to {@code s<n>-d}; prints
 * {@code RESULT s<n> <result>} for each, then {@code ALL-DONE}. Run again on the same journal after a kill, the
 * same calls resume the unfinished executions and return the finished ones' recorded results (their keys are
 * explicit).
 */
public final class ParallelSchedule {
    private ParallelSchedule() {}

    /** @return the topics of execution {@code key} */
    public static List<String> topics(String key) {
        return List.of(key + "-a", key + "-b", key + "-c", key + "-d");
    }

    public static void main(String[] args) throws Exception {
        ParallelToolsAgent agent = new ParallelToolsAgent(args[0]);
        String style = args[1];
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        ExecutorService callers = Executors.newFixedThreadPool(count);
        List<String> keys = new ArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            String key = "s" + n;
            keys.add(key);
            results.add(callers.submit(() -> agent.answer(key, style, topics(key))));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            try {
                out.append("RESULT ")
                        .append(keys.get(i))
                        .append(' ')
                        .append(results.get(i).get())
                        .append('\n');
            } catch (ExecutionException e) {
                System.out.println("FAILED " + keys.get(i) + " " + e.getCause());
                System.out.flush();
                System.exit(3);
            }
        }
        System.out.print(out);
        System.out.println("ALL-DONE");
        callers.shutdown();
    }
}
