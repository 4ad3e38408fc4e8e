package dev.lazarus.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 14, start-up with a backlog in the inbox: events sent with {@code send-event} while the application was
 * down wait as one file each in the journal's {@code inbox/}, and the agent ingests them at start-up (for a bounded
 * time, in batches with one sync each) and leaves the rest to its poller. Per backlog size, JVMs are started on a
 * fresh journal whose inbox holds that many event files; each reports when {@code main} was entered and when the
 * inbox was empty ({@code InboxBacklogApp}), and the orchestrator then counts what is left in the inbox and what
 * was set aside.
 */
final class InboxBacklogFigure {
    private static final String APP = "dev.lazarus.bench.apps.InboxBacklogApp";

    /** The agent's line when start-up's ingest ran out of its time and left the rest to the poller. */
    private static final String CUT_SHORT = "the event inbox holds more than start-up takes";

    private final BenchMain b;
    private final Map<String, String> r;

    InboxBacklogFigure(BenchMain b) {
        this.b = b;
        this.r = b.r;
    }

    /**
     * Rounds of one JVM per size, the sizes' order rotating from round to round (as figure 10's configurations), so
     * that a change of load hits every size rather than the one measured last.
     */
    void run() throws Exception {
        r.put("f14.load.before", Machine.loadAverage());
        int[] sizes = b.quick ? new int[] {0, 500} : new int[] {0, 2_000, 20_000, 100_000};
        int rounds = 3;
        int timeout = b.n(300, 60);
        StringBuilder list = new StringBuilder();
        for (int s : sizes) {
            list.append(list.length() == 0 ? "" : ",").append(s);
        }
        r.put("f14.sizes", list.toString());
        r.put("f14.rounds", String.valueOf(rounds));
        Map<Integer, List<Map<String, String>>> runs = new LinkedHashMap<>();
        for (int s : sizes) {
            runs.put(s, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sizes.length; k++) {
                int size = sizes[(round + k) % sizes.length];
                String p = "f14.s" + size;
                if (r.containsKey(p + ".error")) {
                    continue; // a size that failed once is not started again: its error stands
                }
                try {
                    runs.get(size).add(start(size, round, timeout));
                } catch (IOException e) {
                    r.put(p + ".error", e.getMessage().replace('\n', ' '));
                    System.err.println("  FAILED (14, " + size + " events): " + e.getMessage());
                }
            }
        }
        for (int size : sizes) {
            summarise("f14.s" + size, runs.get(size));
        }
        r.put("f14.load.after", Machine.loadAverage());
    }

    /** One JVM on a fresh journal whose inbox holds {@code size} events; its times from just before it started. */
    private Map<String, String> start(int size, int round, int timeout) throws Exception {
        String name = "f14-" + size + "-" + round;
        Path journal = b.journal(name);
        Path inbox = journal.resolve("inbox");
        // an empty inbox for the empty backlog too: the agent lists it at start-up either way
        Files.createDirectories(inbox);
        Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwx------"));
        long bytes = 0;
        long now = System.currentTimeMillis();
        String prefix = "ev-" + Long.toString(now, 36) + "-";
        for (int i = 0; i < size; i++) {
            byte[] json = event("note", "n-" + i, payload(i), now);
            Files.write(inbox.resolve(prefix + String.format(Locale.ROOT, "%08d", i) + ".json"), json);
            bytes += json.length;
        }
        // send-event syncs each file before it renames it into place: the backlog is on disk when the JVM starts,
        // and the agent's syncs do not flush it for the writer
        syncFileSystem(inbox);
        List<String> cmd = size == 0
                ? b.agentJava(b.java17, journal, "fsync", "manual", APP, inbox, timeout)
                : b.agentJava(
                        b.java17,
                        journal,
                        "fsync",
                        "manual",
                        APP,
                        inbox,
                        timeout,
                        "note",
                        "n-" + (size - 1),
                        plainPayload(size - 1));
        long before = System.nanoTime();
        Map<String, String> m = b.child(name, cmd, timeout + 60L);
        Map<String, String> run = new LinkedHashMap<>();
        run.put("main_ms", ms(Long.parseLong(m.get("main_ns")) - before));
        boolean drained = Boolean.parseBoolean(m.get("drained"));
        run.put("drained", String.valueOf(drained));
        if (drained) {
            run.put("drained_ms", ms(Long.parseLong(m.get("drained_ns")) - before));
        }
        if (m.containsKey("probe_answered")) {
            run.put("probe_answered", m.get("probe_answered"));
        }
        run.put("inbox_bytes", String.valueOf(bytes));
        run.put("left", String.valueOf(count(inbox, "*.json")));
        run.put("rejected", String.valueOf(count(inbox, "*.rejected")));
        run.put("cut_short", String.valueOf(logSays(b.logs.resolve(name + ".err"), CUT_SHORT)));
        BenchMain.deleteTree(journal);
        return run;
    }

    /** Per size: the medians of its JVMs, each JVM's times in order, and what any JVM left or set aside. */
    private void summarise(String p, List<Map<String, String>> runs) {
        r.put(p + ".started", String.valueOf(runs.size()));
        if (runs.isEmpty()) {
            return;
        }
        r.put(
                p + ".inbox_mb",
                String.format(Locale.ROOT, "%.2f", Long.parseLong(runs.get(0).get("inbox_bytes")) / 1048576.0));
        r.put(p + ".main_ms", median(runs, "main_ms"));
        r.put(p + ".each.main_ms", each(runs, "main_ms"));
        boolean allDrained = runs.stream().allMatch(m -> m.containsKey("drained_ms"));
        r.put(p + ".drained", String.valueOf(allDrained));
        if (allDrained) {
            r.put(p + ".drained_ms", median(runs, "drained_ms"));
            r.put(p + ".each.drained_ms", each(runs, "drained_ms"));
        }
        r.put(p + ".left", String.valueOf(sum(runs, "left")));
        r.put(p + ".rejected", String.valueOf(sum(runs, "rejected")));
        r.put(
                p + ".cut_short",
                String.valueOf(runs.stream()
                        .filter(m -> Boolean.parseBoolean(m.get("cut_short")))
                        .count()));
        if (runs.stream().anyMatch(m -> m.containsKey("probe_answered"))) {
            r.put(
                    p + ".probe_answered",
                    String.valueOf(runs.stream().allMatch(m -> Boolean.parseBoolean(m.get("probe_answered")))));
        }
    }

    /** One inbox file as {@code send-event} writes it ({@code Inbox.write}): name, key, payload, the sender's clock. */
    private static byte[] event(String name, String key, String payloadJson, long sentAt) {
        return ("{\"name\":\"" + name + "\",\"key\":\"" + key + "\",\"payload\":" + payloadJson + ",\"sentAt\":"
                        + sentAt + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String plainPayload(int i) {
        return "queued " + i;
    }

    /** A short string, as JSON. */
    private static String payload(int i) {
        return "\"" + plainPayload(i) + "\"";
    }

    /** {@code sync -f}: every file written is on disk, with one call instead of one sync per file. */
    private static void syncFileSystem(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sync", "-f", dir.toString())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("sync -f " + dir + " failed: "
                    + new String(p.getInputStream().readAllBytes()));
        }
    }

    private static long count(Path dir, String glob) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path ignored : files) {
                n++;
            }
        }
        return n;
    }

    private static boolean logSays(Path log, String text) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8).contains(text);
    }

    private static String median(List<Map<String, String>> runs, String key) {
        List<Double> v = new ArrayList<>();
        runs.forEach(m -> v.add(Double.parseDouble(m.get(key))));
        v.sort(Comparator.naturalOrder());
        return String.format(Locale.ROOT, "%.1f", v.get((v.size() - 1) / 2));
    }

    private static String each(List<Map<String, String>> runs, String key) {
        StringBuilder s = new StringBuilder();
        runs.forEach(m -> s.append(s.length() == 0 ? "" : ", ").append(m.get(key)));
        return s.toString();
    }

    private static long sum(List<Map<String, String>> runs, String key) {
        return runs.stream().mapToLong(m -> Long.parseLong(m.get(key))).sum();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
