package dev.lazarus.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** Figure 9: reads a JFR recording of the call-cost child and ranks where the execution thread's time goes. */
final class Profile {
    private Profile() {}

    /** Execution threads are named {@code bench-N} (see ThroughputApp); other threads are only counted. */
    static void analyse(Path jfr, String prefix, Map<String, String> out) throws IOException {
        analyse(jfr, prefix, out, "bench-");
    }

    /** @param executionThreads the name (prefix) of the threads whose samples are ranked */
    static void analyse(Path jfr, String prefix, Map<String, String> out, String executionThreads) throws IOException {
        Map<String, Double> threads = new HashMap<>();
        int allSamples = 0;
        Map<String, Double> self = new HashMap<>();
        Map<String, Double> incl = new HashMap<>();
        Map<String, Double> alloc = new HashMap<>();
        int samples = 0;
        int allocSamples = 0;
        double allocTotal = 0;
        try (RecordingFile rf = new RecordingFile(jfr)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                boolean exec = type.equals("jdk.ExecutionSample");
                boolean al = type.equals("jdk.ObjectAllocationSample");
                if (!exec && !al) {
                    continue;
                }
                RecordedThread t = exec ? e.getThread("sampledThread") : e.getThread("eventThread");
                String tn = t == null || t.getJavaName() == null ? "?" : t.getJavaName();
                if (exec) {
                    allSamples++;
                    threads.merge(
                            tn.startsWith(executionThreads)
                                    ? tn.replaceAll("\\d+$", "*") + " (executions)"
                                    : tn.replaceAll("\\d+$", "N"),
                            1.0,
                            Double::sum);
                }
                if (!tn.startsWith(executionThreads)) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = st.getFrames();
                if (exec) {
                    samples++;
                    self.merge(name(frames.get(0)), 1.0, Double::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (isLazarus(n) && seen.add(n)) {
                            incl.merge(n, 1.0, Double::sum);
                        }
                    }
                } else {
                    allocSamples++;
                    double w = e.getLong("weight");
                    allocTotal += w;
                    String where = "(outside Lazarus)";
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (isLazarus(n)) {
                            where = n;
                            break;
                        }
                    }
                    String cls = e.getClass("objectClass") == null
                            ? "?"
                            : e.getClass("objectClass").getName();
                    alloc.merge(where + " → " + simple(cls), w, Double::sum);
                }
            }
        }
        out.put(prefix + ".samples", String.valueOf(samples));
        out.put(prefix + ".all_samples", String.valueOf(allSamples));
        out.put(prefix + ".alloc_samples", String.valueOf(allocSamples));
        top(out, prefix + ".threads", threads, allSamples);
        top(out, prefix + ".self", self, samples);
        top(out, prefix + ".incl", incl, samples);
        top(out, prefix + ".alloc", alloc, allocTotal);
    }

    static boolean isLazarus(String n) {
        return n.startsWith("dev.lazarus.") && !n.startsWith("dev.lazarus.bench.");
    }

    static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    static String simple(String cls) {
        return cls.startsWith("java.lang.") ? cls.substring(10) : cls;
    }

    static void top(Map<String, String> out, String prefix, Map<String, Double> counts, double total) {
        List<Map.Entry<String, Double>> list = new ArrayList<>(counts.entrySet());
        list.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        for (int i = 0; i < Math.min(12, list.size()); i++) {
            double share = total == 0 ? 0 : 100.0 * list.get(i).getValue() / total;
            out.put(
                    prefix + "." + i,
                    String.format(
                            java.util.Locale.ROOT,
                            "%.1f%% %s",
                            share,
                            list.get(i).getKey()));
        }
    }
}
