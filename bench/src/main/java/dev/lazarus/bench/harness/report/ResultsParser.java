package dev.lazarus.bench.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the flat {@code key=value} results a run collects (bench/REPORT.properties; the keys are the ones
 * BenchMain and its child processes write) into {@link BenchResults}. A value that is absent or not a number
 * where a number is expected becomes null: the report says "n/a" for it.
 */
final class ResultsParser {
    /** The concurrency levels of figure 3. */
    static final int[] EXECUTIONS = {1, 16, 64, 256};

    /** The loops of figure 6. */
    static final List<String> NON_DURABLE_LOOPS = List.of("computeLoop", "fieldServiceCalls", "constructDurableClass");

    /** Repetitions of figure 4 that the report looks for. */
    private static final int MAX_REPLAY_RUNS = 5;

    /** Entries of each ranking of figure 9 that the report looks for. */
    private static final int MAX_RANKING = 12;

    private final Map<String, String> r;

    private ResultsParser(Map<String, String> r) {
        this.r = r;
    }

    /** @return the typed results of the flat ones */
    static BenchResults parse(Map<String, String> results) {
        return new ResultsParser(results).results();
    }

    private BenchResults results() {
        return new BenchResults(
                new RunInfo(text("profile"), text("wall_s"), text("date"), text("note"), text("pg.version")),
                new MachineInfo(
                        text("cores"),
                        text("memory"),
                        text("disk"),
                        text("disk.device"),
                        text("mount"),
                        text("virt"),
                        text("kernel"),
                        text("jdk"),
                        text("jdk25"),
                        text("load.before"),
                        text("load.after"),
                        text("work")),
                diskFloor(),
                callCost(),
                concurrency(),
                replay(),
                recovery(),
                nonDurable(),
                mapDb(),
                peers(),
                hotPath(),
                startup(),
                effects(),
                branches(),
                history(),
                inboxBacklog());
    }

    private FigureStatus status(int figure) {
        return new FigureStatus(r.get("f" + figure + ".skipped"), r.get("f" + figure + ".error"));
    }

    private DiskFloorResults diskFloor() {
        return new DiskFloorResults(
                status(1), floorSample("f1.floor.appendFdatasync"), floorSample("f1.floor.appendNoSync"));
    }

    private DiskFloorResults.Sample floorSample(String p) {
        return new DiskFloorResults.Sample(
                num(p + ".p50_us"),
                num(p + ".p90_us"),
                num(p + ".p99_us"),
                num(p + ".score"),
                num(p + ".error"),
                num(p + ".samples"));
    }

    private CallCostResults callCost() {
        return new CallCostResults(
                status(2), text("f2.reps"), mode("none"), mode("fsync"), mode("process"), mode("async"));
    }

    private CallCostResults.Mode mode(String m) {
        String p = "f2." + m;
        return new CallCostResults.Mode(
                num(p + ".call.count"),
                num(p + ".call.p50_us"),
                num(p + ".call.p90_us"),
                num(p + ".call.p99_us"),
                num(p + ".call.p999_us"),
                num(p + ".call.mean_us"),
                num(p + ".total.per_call_us"),
                num(p + ".floor.p50_us"),
                num(p + ".journal_bytes_per_record"),
                text(p + ".reps"));
    }

    private ConcurrencyResults concurrency() {
        List<ConcurrencyResults.Agent> agent = new ArrayList<>();
        List<ConcurrencyResults.Log> logFsync = new ArrayList<>();
        for (int c : EXECUTIONS) {
            String p = "f3.agent." + c;
            agent.add(new ConcurrencyResults.Agent(
                    c,
                    num(p + ".calls_per_s"),
                    num(p + ".records_per_sync"),
                    num(p + ".syncs_per_s"),
                    num(p + ".cpu_us_per_call"),
                    num(p + ".user_us_per_call"),
                    num(p + ".sys_us_per_call"),
                    num(p + ".ctx_switches_per_call"),
                    num(p + ".alloc_bytes_per_call"),
                    text(p + ".reps")));
            logFsync.add(log("f3.log.fsync." + c, c));
        }
        return new ConcurrencyResults(
                status(3),
                text("f3.reps"),
                agent,
                text("f3.log.record_bytes"),
                logFsync,
                log("f3.log.process.1", 1),
                log("f3.log.async.1", 1));
    }

    private ConcurrencyResults.Log log(String p, int threads) {
        return new ConcurrencyResults.Log(
                threads,
                num(p + ".appends_per_s"),
                num(p + ".records_per_sync"),
                num(p + ".append.p50_us"),
                num(p + ".append.p99_us"),
                num(p + ".floor.p50_us"),
                num(p + ".cpu_us_per_append"),
                num(p + ".user_us_per_append"),
                num(p + ".sys_us_per_append"),
                num(p + ".ctx_switches_per_append"));
    }

    private ReplayResults replay() {
        List<ReplayResults.Run> runs = new ArrayList<>();
        for (int i = 0; i < MAX_REPLAY_RUNS; i++) {
            String p = "f4.rep" + i;
            if (r.containsKey(p + ".replay_ms")) {
                runs.add(new ReplayResults.Run(
                        i + 1,
                        text("f4.journal_mb." + i),
                        text("f4.record_s." + i),
                        num(p + ".open_ms"),
                        num(p + ".replay_ms"),
                        num(p + ".per_call_us"),
                        text(p + ".live_calls")));
            }
        }
        return new ReplayResults(status(4), num("f4.calls"), runs, num("f4.per_call_us.median"));
    }

    private RecoveryResults recovery() {
        List<RecoveryResults.Jdk> jdks = new ArrayList<>();
        for (String jdk : List.of("17", "25")) {
            String p = "f5.jdk" + jdk;
            if (r.containsKey(p + ".resumed")) {
                jdks.add(new RecoveryResults.Jdk(
                        jdk,
                        text(p + ".version"),
                        num(p + ".resumed"),
                        num(p + ".open_ms"),
                        num(p + ".opened_to_resumed_ms"),
                        num(p + ".opened_to_completed_ms"),
                        num(p + ".start_to_resumed_ms"),
                        text(p + ".live_calls"),
                        num(p + ".create_ms")));
            }
        }
        return new RecoveryResults(status(5), num("f5.count"), jdks);
    }

    private NonDurableResults nonDurable() {
        Double roundsValue = num("f6.rounds");
        int rounds = roundsValue == null ? 1 : roundsValue.intValue();
        List<NonDurableResults.Loop> loops = new ArrayList<>();
        for (String b : NON_DURABLE_LOOPS) {
            List<NonDurableResults.Round> each = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String p = "f6.r" + i;
                each.add(new NonDurableResults.Round(
                        num(p + ".none." + b + ".score"),
                        num(p + ".none." + b + ".error"),
                        num(p + ".agent." + b + ".score"),
                        num(p + ".agent." + b + ".error")));
            }
            loops.add(new NonDurableResults.Loop(
                    b, each, num("f6.none." + b + ".score"), num("f6.agent." + b + ".score")));
        }
        return new NonDurableResults(status(6), rounds, loops);
    }

    private MapDbResults mapDb() {
        String one = "f7.commit_per_record";
        String batch = "f7.commit_per_batch";
        return new MapDbResults(
                status(7),
                new MapDbResults.Commit(
                        num(one + ".p50_us"),
                        num(one + ".p99_us"),
                        num(one + ".mean_us"),
                        num(one + ".total_per_record_us")),
                new MapDbResults.Commit(
                        num(batch + ".p50_us"),
                        num(batch + ".p99_us"),
                        num(batch + ".mean_us"),
                        num(batch + ".per_record_us")));
    }

    private PeerResults peers() {
        return new PeerResults(
                status(8),
                new PeerResults.Dbos(
                        r.get("f8.dbos.error"),
                        text("f8.dbos.version"),
                        num("f8.dbos.step.p50_us"),
                        num("f8.dbos.step.p99_us"),
                        num("f8.dbos.total.per_step_us"),
                        text("f8.dbos.concurrent.workflows"),
                        text("f8.dbos.concurrent.steps_per_workflow"),
                        num("f8.dbos.concurrent.steps_per_s")),
                new PeerResults.Temporal(
                        r.get("f8.temporal.error"),
                        num("f8.temporal.activity.p50_us"),
                        num("f8.temporal.activity.p99_us")));
    }

    private HotPathResults hotPath() {
        FigureStatus status = status(9);
        boolean present = r.containsKey("f9a.samples") || status.error() != null || status.skipped() != null;
        List<HotPathResults.Profile> profiles = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            String p = "f9" + id;
            if (r.containsKey(p + ".samples")) {
                profiles.add(new HotPathResults.Profile(
                        id,
                        num(p + ".run.calls_per_s"),
                        num(p + ".run.cpu_us_per_call"),
                        num(p + ".run.alloc_bytes_per_call"),
                        num(p + ".run.per_call_us"),
                        text(p + ".samples"),
                        text(p + ".all_samples"),
                        text(p + ".alloc_samples"),
                        ranking(p + ".threads"),
                        ranking(p + ".self"),
                        ranking(p + ".incl"),
                        ranking(p + ".alloc")));
            }
        }
        return new HotPathResults(status, present, text("f9.seconds"), num("f9c.calls"), profiles);
    }

    /** Entries "SHARE WHAT" under prefix.0, prefix.1, … up to the first one missing. */
    private List<HotPathResults.Share> ranking(String prefix) {
        List<HotPathResults.Share> shares = new ArrayList<>();
        for (int i = 0; i < MAX_RANKING; i++) {
            String v = r.get(prefix + "." + i);
            if (v == null) {
                break;
            }
            int sp = v.indexOf(' ');
            shares.add(new HotPathResults.Share(v.substring(0, sp), v.substring(sp + 1)));
        }
        return shares;
    }

    /** The configurations of figure 10, in the order the report shows them. */
    static final List<String> STARTUP_CONFIGURATIONS = List.of("none", "agent", "baseline");

    /** The durability modes of figure 10's journaled calls. */
    static final List<String> STARTUP_MODES = List.of("fsync", "process", "async");

    private StartupResults startup() {
        Double rounds = num("f10.rounds");
        List<StartupResults.Start> starts = new ArrayList<>();
        for (String c : STARTUP_CONFIGURATIONS) {
            Double main = num("f10." + c + ".main_ms");
            if (main != null) {
                starts.add(new StartupResults.Start(c, main, num("f10." + c + ".first_durable_ms")));
            }
        }
        List<StartupResults.Call> calls = new ArrayList<>();
        for (String mode : STARTUP_MODES) {
            calls.add(new StartupResults.Call(
                    mode, num("f10.agent." + mode + ".p50_us"), num("f10.baseline." + mode + ".p50_us")));
        }
        Double reps = num("f10.reps");
        return new StartupResults(
                status(10),
                rounds == null ? null : rounds.intValue(),
                text("f10.baseline"),
                reps == null ? null : reps.intValue(),
                starts,
                calls,
                new StartupResults.Call("replay", num("f10.agent.replay_us"), num("f10.baseline.replay_us")));
    }

    /**
     * The configurations of figure 11's HTTP exchange: no agent, then per durability mode the answer read outside
     * the body (the boundary alone journaled) and in it (the body's read journaled too).
     */
    static final List<String> EXCHANGE_CONFIGURATIONS =
            List.of("none", "fsync.boundary", "fsync.body", "process.boundary", "process.body");

    /** The configurations of figure 11's JDBC statement: no agent, then per durability mode. */
    static final List<String> STATEMENT_CONFIGURATIONS = List.of("none", "fsync", "process");

    /** The durability modes of figure 11's SDK replay. */
    static final List<String> REPLAY_MODES = List.of("fsync", "process");

    /** The argument shapes of figure 11's digest comparison (ArgumentDigestBench's method names start with them). */
    static final List<String> DIGEST_SHAPES = List.of("scalars", "request");

    private EffectResults effects() {
        List<EffectResults.Exchange> exchanges = new ArrayList<>();
        for (String c : EXCHANGE_CONFIGURATIONS) {
            String p = "f11.http." + c;
            if (r.containsKey(p + ".exchange.p50_us")) {
                exchanges.add(new EffectResults.Exchange(
                        c,
                        num(p + ".exchange.p50_us"),
                        num(p + ".exchange.p99_us"),
                        num(p + ".exchange.mean_us"),
                        num(p + ".floor.p50_us")));
            }
        }
        List<EffectResults.Replay> replays = new ArrayList<>();
        for (String mode : REPLAY_MODES) {
            String p = "f11.sdk." + mode;
            if (r.containsKey(p + ".cold.per_turn_ms")) {
                replays.add(new EffectResults.Replay(
                        mode,
                        num(p + ".cold.per_turn_ms"),
                        num(p + ".warm.per_turn_ms"),
                        num(p + ".last.per_turn_ms"),
                        text(p + ".live_requests")));
            }
        }
        List<EffectResults.Statement> statements = new ArrayList<>();
        for (String c : STATEMENT_CONFIGURATIONS) {
            String p = "f11.jdbc." + c;
            if (r.containsKey(p + ".statement.p50_us")) {
                statements.add(new EffectResults.Statement(
                        c,
                        num(p + ".statement.p50_us"),
                        num(p + ".statement.p99_us"),
                        num(p + ".total.per_statement_us"),
                        num(p + ".floor.p50_us")));
            }
        }
        List<EffectResults.Digest> digests = new ArrayList<>();
        for (String shape : DIGEST_SHAPES) {
            String p = "f11.digest.digest." + shape;
            if (r.containsKey(p + "ValueDigest.score")) {
                digests.add(
                        new EffectResults.Digest(shape, num(p + "ValueDigest.score"), num(p + "LegacyDigest.score")));
            }
        }
        return new EffectResults(
                status(11),
                num("f11.http.exchanges"),
                exchanges,
                num("f11.sdk.turns"),
                num("f11.sdk.conversations"),
                replays,
                num("f11.jdbc.statements"),
                statements,
                digests,
                text("f11.load.before"),
                text("f11.load.after"));
    }

    private BranchResults branches() {
        return new BranchResults(
                status(12),
                num("f12.calls"),
                num("f12.executions"),
                text("f12.latency.reps"),
                span("f12.latency.fanout"),
                span("f12.latency.sequential"),
                span("f12.latency.plain"),
                span("f12.latency.fanout.last_call"),
                span("f12.latency.fanout.after_last_call"),
                span("f12.latency.plain.last_call"),
                num("f12.latency.floor.p50_us"),
                num("f12.latency.floor.p99_us"),
                num("f12.replay.executions"),
                text("f12.replay.journal_mb"),
                span("f12.replay.fanout"),
                span("f12.replay.sequential"),
                span("f12.replay.plain"),
                text("f12.replay.live_calls"),
                text("f12.load.before"),
                text("f12.load.after"));
    }

    /** What a run that did not measure a figure (results older than figure 13 or 14) says about it. */
    static final String ABSENT = "not measured in the run these results come from";

    private HistoryResults history() {
        FigureStatus status = status(13);
        if (status.measured() && r.keySet().stream().noneMatch(k -> k.startsWith("f13."))) {
            status = new FigureStatus(ABSENT, null);
        }
        List<HistoryResults.Size> sizes = new ArrayList<>();
        String list = text("f13.a.sizes");
        if (list != null) {
            for (String size : list.split(",")) {
                String p = "f13.a.s" + size.trim();
                sizes.add(new HistoryResults.Size(
                        Double.parseDouble(size.trim()),
                        num(p + ".journal_mb"),
                        num(p + ".generate_s"),
                        num(p + ".bytes_per_execution"),
                        num(p + ".started"),
                        start(p + ".first."),
                        start(p + "."),
                        text(p + ".each.first_durable_ms"),
                        text(p + ".history_answered"),
                        text(p + ".error")));
            }
        }
        List<HistoryResults.Point> series = new ArrayList<>();
        String samples = text("f13.b.series");
        if (samples != null) {
            for (String point : samples.trim().split(" ")) {
                int colon = point.indexOf(':');
                series.add(new HistoryResults.Point(
                        Double.parseDouble(point.substring(0, colon)), Double.parseDouble(point.substring(colon + 1))));
            }
        }
        return new HistoryResults(
                status,
                num("f13.a.calls"),
                num("f13.a.starts"),
                sizes,
                text("f13.a.error"),
                new HistoryResults.Disk(
                        text("f13.b.error"),
                        text("f13.b.retention"),
                        num("f13.b.threads"),
                        num("f13.b.seconds"),
                        num("f13.b.executions"),
                        num("f13.b.calls_per_s"),
                        series,
                        num("f13.b.compaction_signs"),
                        num("f13.b.segments_end"),
                        text("f13.b.verify")),
                new HistoryResults.Latency(
                        text("f13.c.error"),
                        num("f13.c.history"),
                        num("f13.c.dead_percent"),
                        num("f13.c.history_mb"),
                        num("f13.c.seconds"),
                        compactionRun("f13.c.without"),
                        compactionRun("f13.c.during")),
                text("f13.load.before"),
                text("f13.load.after"));
    }

    private InboxBacklogResults inboxBacklog() {
        FigureStatus status = status(14);
        if (status.measured() && r.keySet().stream().noneMatch(k -> k.startsWith("f14."))) {
            status = new FigureStatus(ABSENT, null);
        }
        List<InboxBacklogResults.Backlog> backlogs = new ArrayList<>();
        String list = text("f14.sizes");
        if (list != null) {
            for (String size : list.split(",")) {
                String p = "f14.s" + size.trim();
                backlogs.add(new InboxBacklogResults.Backlog(
                        Double.parseDouble(size.trim()),
                        num(p + ".inbox_mb"),
                        num(p + ".started"),
                        num(p + ".main_ms"),
                        text(p + ".each.main_ms"),
                        num(p + ".drained_ms"),
                        text(p + ".each.drained_ms"),
                        num(p + ".left"),
                        num(p + ".rejected"),
                        num(p + ".cut_short"),
                        text(p + ".probe_answered"),
                        text(p + ".error")));
            }
        }
        return new InboxBacklogResults(
                status, num("f14.rounds"), backlogs, text("f14.load.before"), text("f14.load.after"));
    }

    private HistoryResults.Start start(String p) {
        return new HistoryResults.Start(
                num(p + "main_ms"), num(p + "first_durable_ms"), num(p + "heap_bytes"), num(p + "vm_hwm_kb"));
    }

    private HistoryResults.Run compactionRun(String p) {
        return new HistoryResults.Run(
                text(p + ".error"),
                text(p + ".retention"),
                num(p + ".call.count"),
                num(p + ".call.p50_us"),
                num(p + ".call.p99_us"),
                num(p + ".call.p999_us"),
                num(p + ".call.max_us"),
                num(p + ".window_signs"),
                num(p + ".run_signs"),
                num(p + ".window_start_mb"),
                num(p + ".window_end_mb"));
    }

    private BranchResults.Span span(String p) {
        return new BranchResults.Span(
                num(p + ".p50_us"), num(p + ".p99_us"), num(p + ".mean_us"), num(p + ".writes_per_span"));
    }

    /** A value as the run printed it; null if absent or empty. */
    private String text(String key) {
        String v = r.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    private Double num(String key) {
        String v = r.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
