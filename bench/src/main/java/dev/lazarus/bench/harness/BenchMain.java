package dev.lazarus.bench.harness;

import dev.lazarus.bench.harness.report.ReportWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every figure of the performance report in one go, each child in its own JVM, and writes the report
 * (bench/REPORT.md, through {@link ReportWriter}) and the raw results next to it (bench/REPORT.properties).
 *
 * <p>Options ({@code --key=value}): {@code work} (scratch directory on the disk under test), {@code agent}
 * (the shaded agent jar), {@code out} (the report), {@code profile} ({@code quick} for development: tiny
 * counts; {@code full}), {@code only} (figure numbers, such as {@code 1,2}), {@code jdk25} (a second JDK's
 * {@code java}, for recovery with virtual threads), {@code pg} and {@code pguser} (a PostgreSQL JDBC URL for
 * DBOS; bench/run.sh starts the server), {@code note} (free text for the report, such as why a peer is absent),
 * {@code render} (a results.properties of an earlier run: write its report again, run nothing), {@code merge}
 * ({@code true}: the figures of {@code only} replace theirs in the report's REPORT.properties, every other figure
 * and the run's header stay, see {@link ResultsMerge}).
 */
public final class BenchMain {
    static final String LOG_PREFIX = "-Ddev.lazarus.agent.shaded.slf4j.simpleLogger.";
    static final String LOG_DATE_FORMAT = "yyyy-MM-dd HH:mm:ss.SSS";

    final Map<String, String> opts = new LinkedHashMap<>();
    final Map<String, String> r = new LinkedHashMap<>();
    final Path work;
    final Path logs;
    final Path journals;
    final Path agentJar;
    final boolean quick;
    final Set<Integer> only = new TreeSet<>();
    /** Whether the figures of this run go into the report's earlier results instead of a report of their own. */
    final boolean merge;

    final String java17 =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final String java25;
    final String appCp;
    final String jmhCp;
    final String fullCp;
    /** The apps' classes with the libraries figure 11 drives (OkHttp, the OpenAI SDK, H2), without the store and JMH. */
    final String effectsCp;

    final List<String> childJvm = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    BenchMain(String[] args) throws IOException {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --key=value, got " + a);
            }
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        work = Path.of(opts.getOrDefault("work", "bench/target/run"))
                .toAbsolutePath()
                .normalize();
        logs = work.resolve("logs");
        journals = work.resolve("journals");
        agentJar = Path.of(opts.getOrDefault("agent", "javaagent/target/lazarus-agent.jar"))
                .toAbsolutePath()
                .normalize();
        quick = opts.getOrDefault("profile", "full").equals("quick");
        if (opts.containsKey("only") && !opts.get("only").isBlank()) {
            for (String s : opts.get("only").split(",")) {
                only.add(Integer.parseInt(s.trim()));
            }
        }
        merge = Boolean.parseBoolean(opts.getOrDefault("merge", "false"));
        if (merge && only.isEmpty()) {
            throw new IllegalArgumentException("--merge needs --only: which figures replace the report's");
        }
        String j25 = opts.getOrDefault("jdk25", "");
        java25 = !j25.isEmpty() && Files.isExecutable(Path.of(j25)) ? j25 : null;
        List<String> cp = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        // this module's own classes (a directory or a jar): wherever this class was loaded from
        String self;
        try {
            self = Path.of(BenchMain.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> app = new ArrayList<>();
        List<String> jmh = new ArrayList<>();
        for (String e : cp) {
            String n = e.replace('\\', '/');
            boolean isSelf = Path.of(e).toAbsolutePath().normalize().toString().equals(self);
            if (isSelf || n.contains("lazarus-api") || n.endsWith("api/target/classes")) {
                app.add(e);
            } else if (n.contains("jmh-core") || n.contains("jopt-simple") || n.contains("commons-math3")) {
                jmh.add(e);
            }
        }
        appCp = String.join(File.pathSeparator, app);
        List<String> j = new ArrayList<>(app);
        j.addAll(jmh);
        jmhCp = String.join(File.pathSeparator, j);
        fullCp = System.getProperty("java.class.path");
        List<String> effects = new ArrayList<>();
        for (String e : cp) {
            String n = e.replace('\\', '/');
            if (!n.contains("lazarus-store")
                    && !n.endsWith("store/target/classes")
                    && !n.contains("/com/esotericsoftware/")
                    && !jmh.contains(e)) {
                effects.add(e);
            }
        }
        effectsCp = String.join(File.pathSeparator, effects);
    }

    public static void main(String[] args) throws Exception {
        BenchMain b = new BenchMain(args);
        if (b.opts.containsKey("render")) {
            b.render(Path.of(b.opts.get("render")));
        } else {
            b.runAll();
        }
    }

    static Path rawNextTo(Path report) {
        String name = report.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return report.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".properties");
    }

    /** Writes the report again from a run's results.properties (after changing the report's wording). */
    void render(Path properties) throws IOException {
        r.putAll(readProperties(properties));
        Path out = Path.of(opts.getOrDefault("out", "bench/REPORT.md")).toAbsolutePath();
        Files.writeString(out, ReportWriter.write(r), StandardCharsets.UTF_8);
        System.err.println("wrote " + out);
    }

    /** The flat results a run wrote ({@code key=value} lines, as {@link #properties} writes them). */
    static Map<String, String> readProperties(Path properties) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(properties, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    boolean wanted(int figure) {
        return only.isEmpty() || only.contains(figure);
    }

    void runAll() throws Exception {
        long start = System.nanoTime();
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException(
                    "no agent jar at " + agentJar + "; build it: mvn -pl javaagent -am package -DskipTests");
        }
        deleteTree(journals);
        Files.createDirectories(journals);
        Files.createDirectories(logs);
        r.put("profile", quick ? "quick" : "full");
        r.put("note", opts.getOrDefault("note", ""));
        r.put("pg.version", opts.getOrDefault("pgversion", ""));
        Machine.describe(this);
        r.put("load.before", Machine.loadAverage());
        figure(1, "disk floor", this::floor);
        figure(2, "cost of one journaled call", this::callCost);
        figure(3, "concurrency and group commit", this::throughput);
        figure(4, "replay", this::replay);
        figure(5, "recovery", this::recovery);
        figure(6, "agent on non-durable code", this::nonDurable);
        figure(7, "MapDB baseline", this::mapdb);
        figure(8, "peers", this::peers);
        figure(9, "hot path profile (JFR)", this::profile);
        figure(10, "start-up, and a baseline agent", this::startup);
        figure(11, "effects at their boundary", this::effects);
        figure(12, "branches", this::branches);
        figure(13, "history, retention and compaction", () -> new HistoryFigure(this).run());
        figure(14, "start-up with a backlog in the inbox", () -> new InboxBacklogFigure(this).run());
        r.put("load.after", Machine.loadAverage());
        r.put("wall_s", String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9));
        Files.writeString(work.resolve("results.properties"), properties(r), StandardCharsets.UTF_8);
        Path out = Path.of(opts.getOrDefault("out", "bench/REPORT.md")).toAbsolutePath();
        Map<String, String> report = r;
        if (merge) {
            // the figures of this run into the report's earlier results: every other figure stays as measured
            report = ResultsMerge.merge(readProperties(rawNextTo(out)), r, only);
        }
        Files.writeString(out, ReportWriter.write(report), StandardCharsets.UTF_8);
        // the raw numbers next to the report, so that it can be audited and written again (--render)
        Files.writeString(rawNextTo(out), properties(report), StandardCharsets.UTF_8);
        System.err.println("wrote " + out + " (" + r.get("wall_s") + " s)");
        deleteTree(journals);
    }

    // ---- 12: branches ---------------------------------------------------------------------------------------

    /** Journaled calls per fan-out and per sequential body of figure 12. */
    static final int FAN_OUT = 16;

    /**
     * A durable body's journaled calls fanned out to an executor of {@link #FAN_OUT} threads, against the same calls
     * made one after the other: (a) in {@code fsync} mode, the wall time of the calls per execution with the fsync
     * floor measured in the same JVM, in child JVMs repeated and the median run (by the fan-out's p50) reported;
     * (b) replay of executions of each kind that a halted process left unfinished, per replayed call.
     */
    void branches() throws Exception {
        r.put("f12.load.before", Machine.loadAverage());
        String app = "dev.lazarus.bench.apps.FanOutApp";
        int executions = n(600, 100);
        int reps = n(3, 1);
        r.put("f12.calls", String.valueOf(FAN_OUT));
        r.put("f12.executions", String.valueOf(executions));
        List<Map<String, String>> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            runs.add(child(
                    "f12-latency-" + i,
                    agentJava(
                            java17,
                            journal("f12-latency-" + i),
                            "fsync",
                            "manual",
                            app,
                            "latency",
                            FAN_OUT,
                            executions,
                            n(200, 50),
                            journals.resolve("floor"),
                            n(500, 200)),
                    300));
        }
        put("f12.latency", median(runs, "fanout.p50_us", "f12.latency.reps"));
        int replayed = n(1000, 100);
        r.put("f12.replay.executions", String.valueOf(replayed));
        Path j = journal("f12-replay");
        child("f12-record", agentJava(java17, j, "process", "manual", app, "record", FAN_OUT, replayed), 300);
        r.put("f12.replay.journal_mb", String.format(Locale.ROOT, "%.1f", dirSize(j) / 1048576.0));
        put(
                "f12.replay",
                child("f12-replay", agentJava(java17, j, "fsync", "manual", app, "replay", FAN_OUT, replayed), 300));
        r.put("f12.load.after", Machine.loadAverage());
    }

    // ---- 11: effects at their boundary ----------------------------------------------------------------------

    /**
     * Each effect against the same code without the agent, in child JVMs run one after the other: (a) an OkHttp
     * exchange over loopback (no agent; per mode the answer read outside the body, so the boundary alone is
     * journaled, and in it, where the body's {@code string()} is a step of its own), the fsync floor measured in
     * each JVM; (b) replay of multi-turn OpenAI SDK conversations per mode; (c) one JDBC statement on H2 (no agent,
     * per mode); (d) the value digest beside the legacy one (JMH, the engine's classes on the class path).
     */
    void effects() throws Exception {
        r.put("f11.load.before", Machine.loadAverage());
        int exchanges = n(2000, 200);
        int warm = n(3000, 300);
        int floorOps = n(500, 100);
        Path floorDir = journals.resolve("floor");
        r.put("f11.http.exchanges", String.valueOf(exchanges));
        String http = "dev.lazarus.bench.apps.HttpExchangeApp";
        put(
                "f11.http.none",
                child("f11-http-none", plainJava(effectsCp, http, exchanges, warm, floorDir, floorOps), 600));
        for (String mode : List.of("fsync", "process")) {
            for (String read : List.of("boundary", "body")) {
                String name = "f11-http-" + mode + "-" + read;
                put(
                        "f11.http." + mode + "." + read,
                        child(
                                name,
                                onClassPath(
                                        effectsCp,
                                        agentJava(
                                                java17,
                                                journal(name),
                                                mode,
                                                "manual",
                                                http,
                                                exchanges,
                                                warm,
                                                floorDir,
                                                floorOps,
                                                read)),
                                600));
            }
        }
        int turns = 20;
        int conversations = n(5, 3);
        r.put("f11.sdk.turns", String.valueOf(turns));
        r.put("f11.sdk.conversations", String.valueOf(conversations));
        String sdk = "dev.lazarus.bench.apps.SdkReplayApp";
        for (String mode : List.of("fsync", "process")) {
            Path j = journal("f11-sdk-" + mode);
            // the recording JVM halts itself inside each conversation's last step, as a crash would
            Map<String, String> recorded = child(
                    "f11-sdk-record-" + mode,
                    onClassPath(
                            effectsCp, agentJava(java17, j, mode, "manual", sdk, "record", turns, conversations, 0)),
                    600);
            put(
                    "f11.sdk." + mode,
                    child(
                            "f11-sdk-replay-" + mode,
                            onClassPath(
                                    effectsCp,
                                    agentJava(
                                            java17,
                                            j,
                                            mode,
                                            "manual",
                                            sdk,
                                            "replay",
                                            turns,
                                            conversations,
                                            recorded.get("port"))),
                            600));
        }
        int statements = n(2000, 200);
        r.put("f11.jdbc.statements", String.valueOf(statements));
        String jdbc = "dev.lazarus.bench.apps.JdbcStatementApp";
        Object[] jdbcArgs = {statements, 4, n(500, 100), floorDir, floorOps};
        put("f11.jdbc.none", child("f11-jdbc-none", plainJava(effectsCp, jdbc, jdbcArgs), 600));
        for (String mode : List.of("fsync", "process")) {
            put(
                    "f11.jdbc." + mode,
                    child(
                            "f11-jdbc-" + mode,
                            onClassPath(
                                    effectsCp,
                                    agentJava(java17, journal("f11-jdbc-" + mode), mode, "manual", jdbc, jdbcArgs)),
                            600));
        }
        // the digest classes are package-private in the engine: its unshaded classes next to the agent jar
        String engineClasses = agentJar.resolveSibling("classes").toString();
        put(
                "f11.digest",
                child(
                        "f11-digest-jmh",
                        plainJava(
                                fullCp + File.pathSeparator + engineClasses,
                                "dev.lazarus.bench.jmh.JmhRunner",
                                "digest",
                                "ArgumentDigestBench",
                                "avgt",
                                n(3, 1),
                                n(1000, 300),
                                n(5, 2),
                                n(1000, 300)),
                        600));
        r.put("f11.load.after", Machine.loadAverage());
    }

    // ---- 10: start-up, and this agent beside a baseline agent ---------------------------------------------

    /**
     * JVM start to {@code main} and to the first durable call's return, without an agent, with this agent and
     * (with {@code --baseline=JAR}) with a baseline agent, the configurations alternating; then, with a
     * baseline, figure 2's journaled call per mode and figure 4's replay for both agents, alternating, so an
     * earlier build and this one are compared in one run on one machine state.
     */
    void startup() throws Exception {
        String app = "dev.lazarus.bench.apps.StartupApp";
        Path baseline = opts.getOrDefault("baseline", "").isBlank()
                ? null
                : Path.of(opts.get("baseline")).toAbsolutePath().normalize();
        if (baseline != null && !Files.isRegularFile(baseline)) {
            throw new IllegalStateException("no baseline agent jar at " + baseline);
        }
        Map<String, Path> configurations = new LinkedHashMap<>();
        configurations.put("none", null);
        configurations.put("agent", agentJar);
        if (baseline != null) {
            configurations.put("baseline", baseline);
        }
        int rounds = n(15, 3);
        r.put("f10.rounds", String.valueOf(rounds));
        r.put("f10.baseline", baseline == null ? "" : baseline.toString());
        Map<String, List<Double>> toMain = new LinkedHashMap<>();
        Map<String, List<Double>> toDurable = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(configurations.keySet());
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size()); // each configuration starts each slot in turn
                Path jar = configurations.get(name);
                List<String> cmd = jar == null
                        ? plainJava(appCp, app)
                        : agentJava(jar, java17, journal("f10-" + name + "-" + round), "fsync", "manual", app);
                long before = System.nanoTime();
                Map<String, String> m = child("f10-" + name + "-" + round, cmd, 120);
                toMain.computeIfAbsent(name, x -> new ArrayList<>())
                        .add((Long.parseLong(m.get("main_ns")) - before) / 1e6);
                toDurable
                        .computeIfAbsent(name, x -> new ArrayList<>())
                        .add((Long.parseLong(m.get("first_durable_ns")) - before) / 1e6);
            }
        }
        for (String name : names) {
            r.put("f10." + name + ".main_ms", String.format(Locale.ROOT, "%.1f", medianOf(toMain.get(name))));
            r.put(
                    "f10." + name + ".first_durable_ms",
                    String.format(Locale.ROOT, "%.1f", medianOf(toDurable.get(name))));
        }
        if (baseline == null) {
            return;
        }
        Map<String, Path> agents = new LinkedHashMap<>();
        agents.put("agent", agentJar);
        agents.put("baseline", baseline);
        // alternating pairs of JVMs; medians of single child JVMs move by ±15% on this machine, so a
        // comparison that must tell 5% apart asks for more (--baseline-reps=N)
        int reps = Integer.parseInt(opts.getOrDefault("baselinereps", String.valueOf(n(5, 1))));
        r.put("f10.reps", String.valueOf(reps));
        String callApp = "dev.lazarus.bench.apps.CallCostApp";
        for (String mode : List.of("fsync", "process", "async")) {
            boolean sync = mode.equals("fsync");
            int calls = sync ? n(2000, 300) : n(100_000, 20_000);
            Map<String, List<Double>> p50 = new LinkedHashMap<>();
            for (int i = 0; i < reps; i++) {
                for (Map.Entry<String, Path> a : agents.entrySet()) {
                    Map<String, String> m = child(
                            "f10-" + mode + "-" + a.getKey() + "-" + i,
                            agentJava(
                                    a.getValue(),
                                    java17,
                                    journal("f10-" + mode + "-" + a.getKey() + "-" + i),
                                    mode,
                                    "manual",
                                    callApp,
                                    calls,
                                    sync ? 16 : 3,
                                    sync ? n(1000, 100) : calls / 5,
                                    journals.resolve("floor"),
                                    sync ? n(500, 100) : n(20_000, 5_000),
                                    sync ? "sync" : "write"),
                            600);
                    p50.computeIfAbsent(a.getKey(), x -> new ArrayList<>())
                            .add(Double.parseDouble(m.get("call.p50_us")));
                }
            }
            for (String a : agents.keySet()) {
                r.put("f10." + a + "." + mode + ".p50_us", String.format(Locale.ROOT, "%.3f", medianOf(p50.get(a))));
            }
        }
        int replayCalls = n(200_000, 20_000);
        Map<String, List<Double>> perCall = new LinkedHashMap<>();
        for (int i = 0; i < reps; i++) {
            for (Map.Entry<String, Path> a : agents.entrySet()) {
                Path j = journal("f10-replay-" + a.getKey() + "-" + i);
                String key = "f10-replay-" + i;
                child(
                        "f10-record-" + a.getKey() + "-" + i,
                        agentJava(
                                a.getValue(),
                                java17,
                                j,
                                "process",
                                "manual",
                                "dev.lazarus.bench.apps.ReplayApp",
                                "record",
                                replayCalls,
                                key),
                        600);
                Map<String, String> m = child(
                        "f10-replay-" + a.getKey() + "-" + i,
                        agentJava(
                                a.getValue(),
                                java17,
                                j,
                                "fsync",
                                "manual",
                                "dev.lazarus.bench.apps.ReplayApp",
                                "replay",
                                replayCalls,
                                key),
                        600);
                perCall.computeIfAbsent(a.getKey(), x -> new ArrayList<>())
                        .add(Double.parseDouble(m.get("per_call_us")));
            }
        }
        for (String a : agents.keySet()) {
            r.put("f10." + a + ".replay_us", String.format(Locale.ROOT, "%.4f", medianOf(perCall.get(a))));
        }
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    interface Figure {
        void run() throws Exception;
    }

    void figure(int n, String title, Figure f) {
        if (!wanted(n)) {
            r.put("f" + n + ".skipped", "not selected in this run (--only)");
            return;
        }
        System.err.println("figure " + n + ": " + title);
        try {
            f.run();
        } catch (Exception | Error e) {
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            r.put("f" + n + ".error", msg.replace('\n', ' '));
            System.err.println("  FAILED: " + msg);
        }
    }

    // ---- command lines -------------------------------------------------------------------------

    List<String> agentJava(
            String javaBin, Path journal, String durability, String recover, String main, Object... args) {
        return agentJava(agentJar, javaBin, journal, durability, recover, main, args);
    }

    List<String> agentJava(
            Path jar, String javaBin, Path journal, String durability, String recover, String main, Object... args) {
        List<String> c = new ArrayList<>();
        c.add(javaBin);
        c.addAll(childJvm);
        c.add("-javaagent:" + jar + "=journal=" + journal + ",durability=" + durability + ",recover=" + recover);
        c.add(LOG_PREFIX + "showDateTime=true");
        c.add(LOG_PREFIX + "dateTimeFormat=" + LOG_DATE_FORMAT);
        c.add("-cp");
        c.add(appCp);
        c.add(main);
        for (Object a : args) {
            c.add(String.valueOf(a));
        }
        return c;
    }

    /** @return {@code command} with one more agent option ({@code key=value}) after the others */
    static List<String> withAgentOption(List<String> command, String option) {
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).startsWith("-javaagent:")) {
                command.set(i, command.get(i) + "," + option);
                return command;
            }
        }
        throw new IllegalArgumentException("no -javaagent: in " + command);
    }

    /** @return {@code command} with its class path (the value after {@code -cp}) replaced by {@code cp} */
    static List<String> onClassPath(String cp, List<String> command) {
        command.set(command.indexOf("-cp") + 1, cp);
        return command;
    }

    List<String> plainJava(String cp, String main, Object... args) {
        List<String> c = new ArrayList<>();
        c.add(java17);
        c.addAll(childJvm);
        c.add("-cp");
        c.add(cp);
        c.add(main);
        for (Object a : args) {
            c.add(String.valueOf(a));
        }
        return c;
    }

    Map<String, String> child(String name, List<String> command, long timeoutSeconds) throws Exception {
        return Child.run(logs, name, command, timeoutSeconds);
    }

    void put(String prefix, Map<String, String> m) {
        m.forEach((k, v) -> r.put(prefix + "." + k, v));
    }

    Path journal(String name) throws IOException {
        Path d = journals.resolve(name);
        deleteTree(d);
        return d;
    }

    int n(int full, int quickValue) {
        return quick ? quickValue : full;
    }

    // ---- 1: the floor ----------------------------------------------------------------------------

    void floor() throws Exception {
        Map<String, String> m = child(
                "f1-floor-jmh",
                plainJava(
                        jmhCp,
                        "dev.lazarus.bench.jmh.JmhRunner",
                        "floor",
                        "DiskFloorBench",
                        "sample",
                        n(2, 1),
                        n(1000, 500),
                        n(3, 2),
                        n(3000, 1000),
                        "-Dbench.dir=" + journals.resolve("floor")),
                600);
        put("f1", m);
    }

    // ---- 2: one journaled call per mode ------------------------------------------------------------

    void callCost() throws Exception {
        String app = "dev.lazarus.bench.apps.CallCostApp";
        int fast = n(100_000, 20_000);
        int reps = n(3, 1);
        r.put("f2.reps", String.valueOf(reps));
        put("f2.none", child("f2-noagent", plainJava(appCp, app, fast, 3, fast / 5), 300));
        for (String mode : List.of("fsync", "process", "async")) {
            boolean sync = mode.equals("fsync");
            int calls = sync ? n(3000, 300) : fast;
            int warm = sync ? 16 : 3;
            int warmN = sync ? n(1000, 100) : fast / 5;
            List<Map<String, String>> runs = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                Path j = journal("f2-" + mode + "-" + i);
                Map<String, String> m = child(
                        "f2-" + mode + "-" + i,
                        agentJava(
                                java17,
                                j,
                                mode,
                                "manual",
                                app,
                                calls,
                                warm,
                                warmN,
                                journals.resolve("floor"),
                                sync ? n(1000, 200) : n(20_000, 5_000),
                                sync ? "sync" : "write"),
                        600);
                long records = (long) warm * (warmN + 2) + calls + 2;
                m.put("journal_bytes_per_record", String.format(Locale.ROOT, "%.1f", (double) dirSize(j) / records));
                runs.add(m);
            }
            put("f2." + mode, median(runs, "call.p50_us", "f2." + mode + ".reps"));
        }
    }

    /** The run whose {@code key} is the median (lower median for an even count); all values go to {@code listKey}. */
    Map<String, String> median(List<Map<String, String>> runs, String key, String listKey) {
        List<Map<String, String>> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(m -> Double.parseDouble(m.getOrDefault(key, "NaN"))));
        StringBuilder all = new StringBuilder();
        for (Map<String, String> m : runs) {
            all.append(all.length() == 0 ? "" : ", ").append(m.getOrDefault(key, "n/a"));
        }
        r.put(listKey, all.toString());
        return sorted.get((sorted.size() - 1) / 2);
    }

    // ---- 3: concurrency ------------------------------------------------------------------------------

    void throughput() throws Exception {
        int warm = n(1500, 500);
        int measure = n(4000, 1000);
        int reps = n(3, 1);
        r.put("f3.reps", String.valueOf(reps));
        for (int c : List.of(1, 16, 64, 256)) {
            List<Map<String, String>> runs = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                runs.add(child(
                        "f3-agent-" + c + "-" + i,
                        agentJava(
                                java17,
                                journal("f3-" + c + "-" + i),
                                "fsync",
                                "manual",
                                "dev.lazarus.bench.apps.ThroughputApp",
                                c,
                                100,
                                warm,
                                measure),
                        300));
            }
            // the median by throughput: the reported run's other figures (records per sync, CPU) are its own
            Map<String, String> med = median(runs, "calls_per_s", "f3.agent." + c + ".reps");
            put("f3.agent." + c, med);
        }
        int size = recordSize();
        r.put("f3.log.record_bytes", String.valueOf(size));
        for (int c : List.of(1, 16, 64, 256)) {
            put(
                    "f3.log.fsync." + c,
                    child(
                            "f3-log-fsync-" + c,
                            plainJava(
                                    fullCp,
                                    "dev.lazarus.bench.log.LogThroughput",
                                    journal("f3-log-" + c),
                                    "fsync",
                                    c,
                                    size,
                                    warm,
                                    measure,
                                    journals.resolve("floor"),
                                    n(1000, 200)),
                            300));
        }
        for (String mode : List.of("process", "async")) {
            put(
                    "f3.log." + mode + ".1",
                    child(
                            "f3-log-" + mode + "-1",
                            plainJava(
                                    fullCp,
                                    "dev.lazarus.bench.log.LogThroughput",
                                    journal("f3-log-" + mode),
                                    mode,
                                    1,
                                    size,
                                    warm,
                                    n(2000, 1000),
                                    journals.resolve("floor"),
                                    n(20_000, 5_000)),
                            300));
        }
    }

    /** The size of a journaled call's record payload, from figure 2 if it ran (framing excluded). */
    int recordSize() {
        // the async run has the most steps per execution, so its average is closest to a step record's size
        String b = r.getOrDefault("f2.async.journal_bytes_per_record", r.get("f2.fsync.journal_bytes_per_record"));
        if (b != null) {
            return Math.max(32, (int) Math.round(Double.parseDouble(b)) - 17);
        }
        return 160;
    }

    // ---- 4: replay --------------------------------------------------------------------------------------

    void replay() throws Exception {
        int calls = n(200_000, 20_000);
        int reps = n(3, 1);
        r.put("f4.calls", String.valueOf(calls));
        List<Double> perCall = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            Path j = journal("f4-" + i);
            String key = "replay-" + i;
            long t0 = System.nanoTime();
            child(
                    "f4-record-" + i,
                    agentJava(java17, j, "process", "manual", "dev.lazarus.bench.apps.ReplayApp", "record", calls, key),
                    600);
            r.put("f4.record_s." + i, String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
            r.put("f4.journal_mb." + i, String.format(Locale.ROOT, "%.1f", dirSize(j) / 1048576.0));
            Map<String, String> m = child(
                    "f4-replay-" + i,
                    agentJava(java17, j, "fsync", "manual", "dev.lazarus.bench.apps.ReplayApp", "replay", calls, key),
                    600);
            put("f4.rep" + i, m);
            Long opened = journalOpenedMillis(logs.resolve("f4-replay-" + i + ".err"));
            if (opened != null) {
                r.put("f4.rep" + i + ".open_ms", String.valueOf(opened - Long.parseLong(m.get("jvm_start_ms"))));
            }
            perCall.add(Double.parseDouble(m.get("per_call_us")));
        }
        perCall.sort(Comparator.naturalOrder());
        r.put("f4.per_call_us.median", String.format(Locale.ROOT, "%.4f", perCall.get(perCall.size() / 2)));
    }

    // ---- 5: recovery --------------------------------------------------------------------------------------

    void recovery() throws Exception {
        int count = n(10_000, 1_000);
        r.put("f5.count", String.valueOf(count));
        List<String[]> jdks = new ArrayList<>();
        jdks.add(new String[] {"17", java17});
        if (java25 != null) {
            jdks.add(new String[] {"25", java25});
        }
        for (String[] jdk : jdks) {
            String p = "f5.jdk" + jdk[0];
            r.put(p + ".version", Machine.javaVersion(jdk[1]));
            Path j = journal("f5-" + jdk[0]);
            Map<String, String> c = child(
                    "f5-create-jdk" + jdk[0],
                    agentJava(jdk[1], j, "process", "manual", "dev.lazarus.bench.apps.RecoveryApp", "create", count),
                    600);
            put(p, c);
            Map<String, String> m = child(
                    "f5-resume-jdk" + jdk[0],
                    agentJava(jdk[1], j, "fsync", "auto", "dev.lazarus.bench.apps.RecoveryApp", "resume", count),
                    600);
            put(p, m);
            long jvmStart = Long.parseLong(m.get("jvm_start_ms"));
            long resumed = Long.parseLong(m.get("resumed_ms"));
            long completed = Long.parseLong(m.get("completed_ms"));
            Long opened = journalOpenedMillis(logs.resolve("f5-resume-jdk" + jdk[0] + ".err"));
            r.put(p + ".start_to_resumed_ms", String.valueOf(resumed - jvmStart));
            r.put(p + ".start_to_completed_ms", String.valueOf(completed - jvmStart));
            if (opened != null) {
                r.put(p + ".open_ms", String.valueOf(opened - jvmStart));
                r.put(p + ".opened_to_resumed_ms", String.valueOf(resumed - opened));
                r.put(p + ".opened_to_completed_ms", String.valueOf(completed - opened));
            }
        }
    }

    /** The time stamp of the agent's line that reports the journal open and its unfinished executions. */
    static Long journalOpenedMillis(Path err) throws IOException {
        Pattern p = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}).*unfinished execution");
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                try {
                    return new SimpleDateFormat(LOG_DATE_FORMAT)
                            .parse(m.group(1))
                            .getTime();
                } catch (ParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    // ---- 6: the agent on code that is not durable --------------------------------------------------------

    void nonDurable() throws Exception {
        Object[] timing = {n(3, 1), n(1000, 300), n(5, 2), n(1000, 300)};
        int rounds = n(2, 1);
        r.put("f6.rounds", String.valueOf(rounds));
        for (int i = 0; i < rounds; i++) {
            // alternate the two JVMs, so that a change of load hits both
            put(
                    "f6.r" + i,
                    child(
                            "f6-noagent-" + i,
                            plainJava(
                                    jmhCp,
                                    "dev.lazarus.bench.jmh.JmhRunner",
                                    "none",
                                    "NonDurableBench",
                                    "avgt",
                                    timing[0],
                                    timing[1],
                                    timing[2],
                                    timing[3]),
                            600));
            put(
                    "f6.r" + i,
                    child(
                            "f6-agent-" + i,
                            plainJava(
                                    jmhCp,
                                    "dev.lazarus.bench.jmh.JmhRunner",
                                    "agent",
                                    "NonDurableBench",
                                    "avgt",
                                    timing[0],
                                    timing[1],
                                    timing[2],
                                    timing[3],
                                    "-javaagent:" + agentJar + "=journal=" + journal("f6-" + i) + ",log=warn"),
                            600));
        }
        for (String b : List.of("computeLoop", "fieldServiceCalls", "constructDurableClass")) {
            for (String who : List.of("none", "agent")) {
                double sum = 0;
                for (int i = 0; i < rounds; i++) {
                    sum += Double.parseDouble(r.get("f6.r" + i + "." + who + "." + b + ".score"));
                }
                r.put("f6." + who + "." + b + ".score", String.format(Locale.ROOT, "%.4f", sum / rounds));
            }
        }
    }

    // ---- 7 and 8: baseline and peers -------------------------------------------------------------------------

    static boolean present(String className) {
        try {
            Class.forName(className, false, BenchMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    void mapdb() throws Exception {
        if (!present("dev.lazarus.bench.peers.MapDbBaseline") || !present("org.mapdb.DBMaker")) {
            throw new IllegalStateException("not built: build the bench module with -Ppeers (bench/run.sh does)");
        }
        Path dir = journal("f7-mapdb");
        put(
                "f7",
                child(
                        "f7-mapdb",
                        plainJava(
                                fullCp,
                                "dev.lazarus.bench.peers.MapDbBaseline",
                                dir,
                                n(2000, 200),
                                64,
                                n(100, 20),
                                MAPDB_RECORD_BYTES),
                        600));
    }

    /** The record size of the MapDB baseline: the floor's 256 bytes. */
    static final int MAPDB_RECORD_BYTES = 256;

    void peers() throws Exception {
        boolean built = present("dev.lazarus.bench.peers.DbosPeer");
        String pg = opts.getOrDefault("pg", "");
        if (!built) {
            r.put("f8.dbos.error", "not built: build the bench module with -Ppeers (bench/run.sh does)");
        } else if (pg.isEmpty()) {
            r.put("f8.dbos.error", opts.getOrDefault("pgerror", "no PostgreSQL server (--pg=JDBC_URL not given)"));
        } else {
            try {
                put(
                        "f8.dbos",
                        child(
                                "f8-dbos",
                                plainJava(
                                        fullCp,
                                        "dev.lazarus.bench.peers.DbosPeer",
                                        pg,
                                        opts.getOrDefault("pguser", "postgres"),
                                        n(1000, 100),
                                        64,
                                        100,
                                        n(1500, 500),
                                        n(4000, 1000)),
                                600));
            } catch (Exception e) {
                r.put("f8.dbos.error", e.getMessage());
            }
        }
        if (!built) {
            r.put("f8.temporal.error", "not built: build the bench module with -Ppeers (bench/run.sh does)");
        } else {
            try {
                put(
                        "f8.temporal",
                        child(
                                "f8-temporal",
                                plainJava(fullCp, "dev.lazarus.bench.peers.TemporalPeer", n(500, 50), 2),
                                600));
            } catch (Exception e) {
                r.put("f8.temporal.error", e.getMessage());
            }
        }
    }

    // ---- 9: where the time goes ----------------------------------------------------------------------------------

    void profile() throws Exception {
        int measure = n(6000, 1500);
        r.put("f9.seconds", String.valueOf(measure / 1000));
        // JFR's profile settings, with Java execution sampled every millisecond instead of every 10 ms
        Path jfc = work.resolve("f9.jfc");
        String settings = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        Files.writeString(
                jfc,
                settings.replace(
                        "control=\"method-sampling-java-interval\">10 ms<",
                        "control=\"method-sampling-java-interval\">1 ms<"));
        // a: one execution at a time in async mode: the engine's own cost per call, nothing waits for the disk
        // b: 64 executions in fsync mode: what limits throughput on 2 cores (figure 3)
        for (String[] p : List.of(new String[] {"a", "async", "1"}, new String[] {"b", "fsync", "64"})) {
            Path jfr = work.resolve("f9" + p[0] + ".jfr");
            Files.deleteIfExists(jfr);
            List<String> cmd = agentJava(
                    java17,
                    journal("f9" + p[0]),
                    p[1],
                    "manual",
                    "dev.lazarus.bench.apps.ThroughputApp",
                    p[2],
                    100,
                    1000,
                    measure);
            cmd.add(1, "-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfc + ",dumponexit=true");
            put("f9" + p[0] + ".run", child("f9" + p[0] + "-profile-" + p[1] + "-" + p[2], cmd, 300));
            Profile.analyse(jfr, "f9" + p[0], r);
            Files.deleteIfExists(jfr);
        }
        // c: replay (figure 4's children, with the recording on the replaying JVM)
        int calls = n(200_000, 20_000);
        r.put("f9c.calls", String.valueOf(calls));
        Path j = journal("f9c");
        child(
                "f9c-record",
                agentJava(
                        java17,
                        j,
                        "process",
                        "manual",
                        "dev.lazarus.bench.apps.ReplayApp",
                        "record",
                        calls,
                        "profiled"),
                600);
        Path jfr = work.resolve("f9c.jfr");
        Files.deleteIfExists(jfr);
        List<String> cmd = agentJava(
                java17, j, "fsync", "manual", "dev.lazarus.bench.apps.ReplayApp", "replay", calls, "profiled");
        cmd.add(1, "-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfc + ",dumponexit=true");
        put("f9c.run", child("f9c-replay", cmd, 600));
        Profile.analyse(jfr, "f9c", r, "main");
        Files.deleteIfExists(jfr);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static long dirSize(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String properties(Map<String, String> results) {
        StringBuilder sb = new StringBuilder();
        results.forEach(
                (k, v) -> sb.append(k).append('=').append(v.replace("\n", " ")).append('\n'));
        return sb.toString();
    }
}
