package dev.lazarus.bench.jmh;

import dev.lazarus.bench.apps.Out;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs JMH benchmarks programmatically and prints their results as {@code @@} lines for the orchestrator.
 *
 * <p>{@code JmhRunner LABEL INCLUDE_REGEX MODE(sample|avgt) WARM_ITERS WARM_MS ITERS ITER_MS [JVM_ARG...]}: one
 * fork, JVM arguments appended to the fork (for example {@code -javaagent:...}). Prints, per benchmark,
 * {@code LABEL.<method>.score}, {@code .error} (99.9% half-width) and, in sample mode, p50/p99 in microseconds.
 */
public final class JmhRunner {
    private JmhRunner() {}

    public static void main(String[] args) throws Exception {
        String label = args[0];
        String include = args[1];
        Mode mode = args[2].equals("sample") ? Mode.SampleTime : Mode.AverageTime;
        int warmIters = Integer.parseInt(args[3]);
        long warmMs = Long.parseLong(args[4]);
        int iters = Integer.parseInt(args[5]);
        long iterMs = Long.parseLong(args[6]);
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            jvmArgs.add(args[i]);
        }
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(include)
                .mode(mode)
                .timeUnit(mode == Mode.SampleTime ? TimeUnit.MICROSECONDS : TimeUnit.NANOSECONDS)
                .forks(1)
                .warmupIterations(warmIters)
                .warmupTime(TimeValue.milliseconds(warmMs))
                .measurementIterations(iters)
                .measurementTime(TimeValue.milliseconds(iterMs))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(b.build()).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            Result<?> p = r.getPrimaryResult();
            Statistics st = p.getStatistics();
            String k = label + "." + name;
            Out.result(k + ".score", Out.fmt(p.getScore()));
            Out.result(k + ".error", Out.fmt(Double.isNaN(p.getScoreError()) ? 0 : p.getScoreError()));
            Out.result(k + ".unit", p.getScoreUnit());
            if (mode == Mode.SampleTime) {
                Out.result(k + ".p50_us", Out.fmt(st.getPercentile(50)));
                Out.result(k + ".p90_us", Out.fmt(st.getPercentile(90)));
                Out.result(k + ".p99_us", Out.fmt(st.getPercentile(99)));
                Out.result(k + ".samples", st.getN());
            }
        }
    }
}
