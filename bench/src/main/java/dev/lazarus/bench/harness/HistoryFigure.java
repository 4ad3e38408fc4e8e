package dev.lazarus.bench.harness;

import dev.lazarus.bench.apps.HistoryApp;
import dev.lazarus.bench.log.HistoryWriter;
import dev.lazarus.store.log.LogOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Figure 13, a journal that runs for months: (a) start-up and heap against the finished executions a journal holds,
 * (b) the journal's size on disk under a steady load with a short {@code retention}, (c) the cost of a journaled call
 * with and without the agent compacting the journal meanwhile. Every part measures whatever the agent jar under test
 * does: where it does not compact, (b) grows and (c) says that no compaction was seen.
 *
 * <p>The journals of (a) and (c) are written by {@link HistoryWriter} through the store's API from the records of
 * one execution the agent itself journaled, so that a million executions take seconds instead of an hour.
 */
final class HistoryFigure {
    /** Durable method of every part: {@code HistoryApp.work} and its twins, 10 journaled calls an execution. */
    private static final String HISTORY_APP = "dev.lazarus.bench.apps.HistoryApp";

    private static final String WRITER = "dev.lazarus.bench.log.HistoryWriter";

    private final BenchMain b;
    private final Map<String, String> r;
    private Path template;

    HistoryFigure(BenchMain b) {
        this.b = b;
        this.r = b.r;
    }

    void run() throws Exception {
        r.put("f13.load.before", Machine.loadAverage());
        template = b.journal("f13-template");
        b.child("f13-template", b.agentJava(b.java17, template, "fsync", "manual", HISTORY_APP, "template"), 120);
        part("a", this::startup);
        part("b", this::disk);
        part("c", this::compaction);
        r.put("f13.load.after", Machine.loadAverage());
    }

    private interface Part {
        void run() throws Exception;
    }

    /** A part that fails leaves its error for the report and lets the next part run. */
    private void part(String id, Part p) {
        try {
            p.run();
        } catch (Exception | Error e) {
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            r.put("f13." + id + ".error", msg.replace('\n', ' '));
            System.err.println("  FAILED (13 " + id + "): " + msg);
        }
    }

    // ---- (a) start-up and heap against history ----------------------------------------------------------------

    /**
     * Per history size: the journal generated once, then JVMs started on it one after the other (each appends the
     * one execution it runs, so the k-th start sees k - 1 more finished executions than generated: noise at these
     * sizes). The first start is the journal as written; the later ones restart on a journal the agent itself
     * closed, which is what a restart in production meets (an agent that keeps an index or a checkpoint beside the
     * journal has written it by then). The restarts' medians are what the targets judge.
     */
    private void startup() throws Exception {
        long[] sizes = b.quick ? new long[] {0, 10_000, 40_000} : new long[] {0, 100_000, 1_000_000};
        int starts = b.n(4, 2);
        long budgetNanos = b.n(90, 25) * 1_000_000_000L;
        int timeout = b.n(150, 60);
        StringBuilder list = new StringBuilder();
        for (long s : sizes) {
            list.append(list.length() == 0 ? "" : ",").append(s);
        }
        r.put("f13.a.sizes", list.toString());
        r.put("f13.a.calls", String.valueOf(HistoryApp.CALLS));
        r.put("f13.a.starts", String.valueOf(starts));
        for (long size : sizes) {
            String p = "f13.a.s" + size;
            Path j = b.journal("f13-a-" + size);
            if (size > 0) {
                Map<String, String> g =
                        b.child("f13-a-generate-" + size, b.plainJava(b.fullCp, WRITER, template, j, size), 900);
                r.put(p + ".journal_mb", mb(Double.parseDouble(g.get("bytes"))));
                r.put(p + ".generate_s", g.get("seconds"));
                r.put(p + ".bytes_per_execution", g.get("bytes_per_execution"));
            }
            List<Map<String, String>> runs = new ArrayList<>();
            long spent = System.nanoTime();
            boolean answered = true;
            for (int k = 0; k < starts && (k == 0 || System.nanoTime() - spent < budgetNanos); k++) {
                String name = "f13-a-" + size + "-" + k;
                List<String> cmd = size > 0
                        ? b.agentJava(b.java17, j, "fsync", "manual", HISTORY_APP, "start", HistoryWriter.key(size / 2))
                        : b.agentJava(b.java17, j, "fsync", "manual", HISTORY_APP, "start");
                // the collector's log says what a JVM that never reaches main was doing: collecting a full heap
                Path gcLog = b.logs.resolve(name + ".gc.log");
                cmd.add(1, "-Xlog:gc:file=" + gcLog);
                long before = System.nanoTime();
                Map<String, String> m;
                try {
                    m = b.child(name, cmd, timeout);
                } catch (IOException e) {
                    String heap = heapAtFailure(gcLog);
                    r.put(p + ".error", failure(name, e, timeout) + (heap == null ? "" : "; " + heap));
                    break;
                }
                m.put("main_ms", ms(Long.parseLong(m.get("main_ns")) - before));
                m.put("first_durable_ms", ms(Long.parseLong(m.get("first_durable_ns")) - before));
                if (size > 0) {
                    answered &= Boolean.parseBoolean(m.get("history_answered"));
                }
                runs.add(m);
            }
            r.put(p + ".started", String.valueOf(runs.size()));
            if (size > 0 && !runs.isEmpty()) {
                r.put(p + ".history_answered", String.valueOf(answered));
            }
            if (!runs.isEmpty()) {
                Map<String, String> first = runs.get(0);
                for (String key : List.of("main_ms", "first_durable_ms", "heap_bytes", "vm_hwm_kb")) {
                    r.put(p + ".first." + key, first.get(key));
                    List<Map<String, String>> judged = runs.size() > 1 ? runs.subList(1, runs.size()) : runs;
                    r.put(p + "." + key, median(judged, m -> Double.parseDouble(m.get(key))));
                    StringBuilder each = new StringBuilder();
                    for (Map<String, String> m : runs) {
                        each.append(each.length() == 0 ? "" : ", ").append(m.get(key));
                    }
                    r.put(p + ".each." + key, each.toString());
                }
            }
            BenchMain.deleteTree(j);
        }
    }

    // ---- (b) disk usage under steady load with retention ------------------------------------------------------

    private void disk() throws Exception {
        String retention = "5s";
        int threads = b.n(32, 16);
        int seconds = b.n(90, 10);
        r.put("f13.b.retention", retention);
        r.put("f13.b.threads", String.valueOf(threads));
        Path j = b.journal("f13-b");
        List<String> cmd = BenchMain.withAgentOption(
                b.agentJava(b.java17, j, "fsync", "manual", "dev.lazarus.bench.apps.SoakApp", threads, seconds),
                "retention=" + retention);
        List<DirectorySampler.Sample> samples;
        Map<String, String> m;
        try (DirectorySampler sampler = new DirectorySampler(j, 1000)) {
            m = b.child("f13-b-soak", cmd, seconds + 300L);
            sampler.close();
            samples = sampler.samples();
        }
        b.put("f13.b", m);
        long t0 = samples.get(0).nanoTime();
        StringBuilder series = new StringBuilder();
        for (DirectorySampler.Sample s : samples) {
            series.append(series.length() == 0 ? "" : " ")
                    .append(String.format(Locale.ROOT, "%.1f:%d", (s.nanoTime() - t0) / 1e9, s.bytes()));
        }
        r.put("f13.b.series", series.toString());
        r.put(
                "f13.b.compaction_signs",
                String.valueOf(DirectorySampler.compactionSigns(samples, Long.MIN_VALUE, Long.MAX_VALUE)));
        r.put(
                "f13.b.segments_end",
                String.valueOf(samples.get(samples.size() - 1).segments().size()));
        r.put("f13.b.verify", verify(j));
        BenchMain.deleteTree(j);
    }

    /** The command line's {@code verify} on a journal: "clean", or what it reported. */
    private String verify(Path journal) throws Exception {
        List<String> cmd = List.of(b.java17, "-jar", b.agentJar.toString(), "verify", "--journal", journal.toString());
        try {
            b.child("f13-b-verify", cmd, 600);
            return "clean";
        } catch (IOException e) {
            return failure("f13-b-verify", e, 600);
        }
    }

    // ---- (c) a journaled call's latency with and without compaction ---------------------------------------------

    /**
     * One journal of finished executions, most of them long finished (dead under a retention of minutes) and the
     * others just finished, interleaved, so that every sealed segment is mostly dead but has live records to copy
     * forward; two JVMs start on identical copies of it: one with a retention longer than all of its history
     * (nothing to compact), one with a retention that leaves the old executions dead. The newest segment is filled
     * up to the store's default segment size, so that the warm-up's records seal it: an agent that looks for
     * compaction work when a segment is sealed finds it then, rather than after the measured window.
     */
    private void compaction() throws Exception {
        long history = b.n(150_000, 20_000);
        int deadPercent = 60;
        long deadAgeMs = 2 * 3_600_000L;
        double seconds = b.n(20, 3);
        int warmN = b.n(1000, 100);
        r.put("f13.c.dead_percent", String.valueOf(deadPercent));
        r.put("f13.c.seconds", String.valueOf((int) seconds));
        Path without = b.journal("f13-c-without");
        Map<String, String> g = b.child(
                "f13-c-generate",
                b.plainJava(
                        b.fullCp,
                        WRITER,
                        template,
                        without,
                        history,
                        deadPercent,
                        deadAgeMs,
                        LogOptions.defaults().segmentSize()),
                900);
        r.put("f13.c.history", g.get("executions"));
        r.put("f13.c.history_mb", mb(Double.parseDouble(g.get("bytes"))));
        Path during = b.journal("f13-c-during");
        copyTree(without, during);
        String[][] runs = {{"without", "7d"}, {"during", "10m"}};
        for (String[] run : runs) {
            String p = "f13.c." + run[0];
            Path j = run[0].equals("without") ? without : during;
            r.put(p + ".retention", run[1]);
            List<String> cmd = BenchMain.withAgentOption(
                    b.agentJava(
                            b.java17,
                            j,
                            "fsync",
                            "manual",
                            "dev.lazarus.bench.apps.CompactionLatencyApp",
                            (int) seconds,
                            16,
                            warmN,
                            (int) (seconds * 20_000)),
                    "retention=" + run[1]);
            List<DirectorySampler.Sample> samples;
            Map<String, String> m;
            try (DirectorySampler sampler = new DirectorySampler(j, 100)) {
                try {
                    m = b.child("f13-c-" + run[0], cmd, 600);
                } catch (IOException e) {
                    r.put(p + ".error", failure("f13-c-" + run[0], e, 600));
                    continue;
                }
                sampler.close();
                samples = sampler.samples();
            }
            b.put(p, m);
            long start = Long.parseLong(m.get("window_start_ns"));
            long end = Long.parseLong(m.get("window_end_ns"));
            r.put(p + ".window_signs", String.valueOf(DirectorySampler.compactionSigns(samples, start, end)));
            r.put(
                    p + ".run_signs",
                    String.valueOf(DirectorySampler.compactionSigns(samples, Long.MIN_VALUE, Long.MAX_VALUE)));
            r.put(p + ".window_start_mb", mb(DirectorySampler.at(samples, start).bytes()));
            r.put(p + ".window_end_mb", mb(DirectorySampler.at(samples, end).bytes()));
        }
        BenchMain.deleteTree(without);
        BenchMain.deleteTree(during);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * One line for a child that failed: a Java error or a {@code LAZ-} line of its output if there is one (an agent
     * that runs out of heap while it opens the journal says so there), else what {@link Child} reported.
     */
    private String failure(String name, IOException e, int timeout) {
        Path err = b.logs.resolve(name + ".err");
        String found = null;
        boolean premain = false;
        try {
            for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
                if (found == null && (line.contains("OutOfMemoryError") || line.contains("LAZ-"))) {
                    found = line.replace("Caused by: ", "").trim();
                }
                premain |= line.contains("processing of -javaagent failed");
            }
        } catch (IOException | RuntimeException unreadable) {
            // the exception's own message below
        }
        if (found != null && premain) {
            found = "the agent's premain failed, so the JVM never reached main: " + found;
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("no result within")) {
            return "no result within " + timeout + " s (killed)" + (found == null ? "" : "; it had said: " + found);
        }
        String line = found != null ? found : msg;
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** "[1.234s][info][gc] GC(7) Pause Full (G1 Compaction Pause) 1020M->1019M(1024M) 812.345ms" */
    private static final Pattern GC_LINE = Pattern.compile("(Pause Full)?.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * @return what a JVM's collector log says of its heap when it failed ("N full collections, the last left X MB of
     *     Y MB in use"), or null without a log or a collection
     */
    static String heapAtFailure(Path gcLog) {
        int full = 0;
        String last = null;
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    full += line.contains("Pause Full") ? 1 : 0;
                    last = m.group(3) + " MB of " + m.group(4) + " MB";
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return last == null
                ? null
                : "its heap by then: " + full + " full collections, the last collection left " + last + " in use";
    }

    private static String median(List<Map<String, String>> runs, Function<Map<String, String>, Double> value) {
        List<Double> v = new ArrayList<>();
        for (Map<String, String> m : runs) {
            v.add(value.apply(m));
        }
        v.sort(Comparator.naturalOrder());
        return String.format(Locale.ROOT, "%.1f", v.get((v.size() - 1) / 2));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".lock")) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
