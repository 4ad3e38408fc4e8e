package dev.lazarus.bench.harness.report;

import static dev.lazarus.bench.harness.report.Format.div;
import static dev.lazarus.bench.harness.report.Format.met;
import static dev.lazarus.bench.harness.report.Format.minus;
import static dev.lazarus.bench.harness.report.Format.num;
import static dev.lazarus.bench.harness.report.Format.text;
import static dev.lazarus.bench.harness.report.Format.times;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the report's templates show, computed from the typed results: every value formatted, every ratio
 * and verdict against a target worked out, and whether each conditional paragraph (an analysis of a missed
 * target, a note on load) applies. The targets and thresholds are here, the wording in the templates.
 */
final class ReportView {
    /** {@code fsync}: at most this many times the fsync floor per journaled call (p50). */
    static final double FSYNC_TO_FLOOR = 1.3;
    /** {@code process}: at most this many µs per journaled call (p50). */
    static final double PROCESS_US = 8.0;
    /** {@code async}: at most this many µs per journaled call (p50). */
    static final double ASYNC_US = 3.0;
    /** At least this many journaled calls per second with 64 concurrent executions in {@code fsync} mode. */
    static final double CALLS_PER_S_AT_64 = 20_000;
    /** Replay: at most this many µs per journaled call. */
    static final double REPLAY_US = 2.0;
    /** Recovery: at most this many ms from the journal's opening until every execution runs again. */
    static final double RECOVERY_MS = 2000;
    /** Recovery is judged only with at least this many unfinished executions. */
    static final double RECOVERY_EXECUTIONS = 10_000;
    /** Code that is not durable: at most this ratio of its time without the agent. */
    static final double NON_DURABLE_RATIO = 1.02;
    /** At least this many times cheaper than DBOS. */
    static final double DBOS_RATIO = 10.0;
    /**
     * A journaled HTTP exchange in {@code fsync} mode: at most one fsync floor plus this many µs over the same
     * exchange without the agent (p50).
     */
    static final double EXCHANGE_OVER_FLOOR_US = 30.0;
    /** Replay of a multi-turn SDK conversation: at most this many ms per turn, the SDK's parsing included. */
    static final double SDK_REPLAY_MS_PER_TURN = 2.0;
    /** A fan-out of journaled calls in {@code fsync} mode: at most this many fsync floors (p50, group commit). */
    static final double FAN_OUT_TO_FLOOR = 2.0;
    /** Replay of a fan-out: at most this many times the cost per call of replaying the same calls sequentially. */
    static final double REPLAY_FAN_OUT_TO_SEQUENTIAL = 1.0;
    /** The history (finished executions retained) the start-up and heap targets are stated for. */
    static final double HISTORY_FINISHED = 1_000_000;
    /** With that history: JVM start to the first durable call at most this many times the empty journal's. */
    static final double HISTORY_STARTUP_RATIO = 1.5;
    /** With that history: at most this many bytes of heap per finished execution. */
    static final double HISTORY_HEAP_BYTES = 64;
    /**
     * Disk under a steady load with a short retention is bounded when the size's peak in the last third of the run
     * is at most this many times its peak before (a sawtooth of segments filled and compacted stays under it; a
     * journal that keeps everything grows by half over the last third).
     */
    static final double DISK_GROWTH = 1.1;
    /** A journaled call's p99 while the journal is compacted: at most this many times its p99 without. */
    static final double COMPACTION_P99_RATIO = 1.5;
    /** The heap of every child JVM ({@code -Xmx1g}), against which figure 13 projects a history's heap. */
    static final double CHILD_HEAP_MB = 1024;
    /** The backlog (events queued in the inbox) the start-up target of figure 14 is stated for. */
    static final double INBOX_BACKLOG_EVENTS = 20_000;
    /**
     * How long start-up ingests the inbox before {@code main} runs ({@code EngineStarter.START_UP_INGEST_NANOS}):
     * with that backlog, JVM start to {@code main} at most this much later than with an empty inbox, plus a JVM's
     * noise (the empty inbox's JVMs, slowest less fastest).
     */
    static final double START_UP_INGEST_MS = 1000;

    private final BenchResults r;
    private final CallCostResults.Mode fsync;
    private final Double c64;

    private ReportView(BenchResults r) {
        this.r = r;
        this.fsync = r.callCost().fsync();
        this.c64 = r.concurrency().agentAt(64).callsPerS();
    }

    /** @return the context of the report's templates */
    static Map<String, Object> of(BenchResults results) {
        return new ReportView(results).context();
    }

    private Map<String, Object> context() {
        Map<String, Object> c = new LinkedHashMap<>();
        RunInfo run = r.run();
        c.put(
                "run",
                map(
                        "profile",
                        text(run.profile()),
                        "wallSeconds",
                        text(run.wallSeconds()),
                        "date",
                        text(run.date()),
                        "note",
                        run.note() == null || run.note().equals(Format.NOT_AVAILABLE) ? null : run.note()));
        c.put("work", text(r.machine().scratchDirectory()));
        c.put("machine", machine());
        c.put("targets", targets());
        c.put("figure1", figure1());
        c.put("figure2", figure2());
        c.put("figure3", figure3());
        c.put("figure4", figure4());
        c.put("figure5", figure5());
        c.put("figure6", figure6());
        c.put("figure7", figure7());
        c.put("figure8", figure8());
        c.put("figure9", figure9());
        c.put("figure10", figure10());
        c.put("figure11", figure11());
        c.put("figure12", figure12());
        c.put("figure13", figure13());
        c.put("figure14", figure14());
        return c;
    }

    // ---- machine and targets ------------------------------------------------------------------------------

    private Map<String, Object> machine() {
        MachineInfo m = r.machine();
        Map<String, Object> c = map(
                "cores",
                text(m.cores()),
                "memory",
                text(m.memory()),
                "disk",
                text(m.disk()),
                "diskDevice",
                text(m.diskDevice()),
                "mount",
                text(m.mountOptions()),
                "virt",
                text(m.virtualisation()),
                "kernel",
                text(m.kernel()),
                "jdk",
                text(m.jdk()),
                "jdk25",
                m.jdk25(),
                "loadBefore",
                text(m.loadBefore()),
                "loadAfter",
                text(m.loadAfter()));
        Double before = Format.load1(m.loadBefore());
        Double after = Format.load1(m.loadAfter());
        Double cores = m.coreCount();
        boolean shared = cores != null && ((before != null && before > cores) || (after != null && after > cores));
        c.put(
                "shared",
                shared
                        ? map("load1Before", num(before), "load1After", num(after), "coreCount", cores.intValue())
                        : null);
        return c;
    }

    private Map<String, Object> targets() {
        Map<String, Object> c = new LinkedHashMap<>();
        Double floor = fsyncFloor();
        Double jmhFloor = r.diskFloor().fdatasync().p50Us();
        Double r1 = div(fsync.p50Us(), floor);
        Double r1b = div(fsync.p50Us(), jmhFloor);
        // judged on the stricter of the two floors measured in this run: a disturbed floor must not flatter the ratio
        Double strict = r1 == null ? r1b : r1b == null ? r1 : (Double) Math.max(r1, r1b);
        c.put(
                "fsync",
                map(
                        "p50",
                        num(fsync.p50Us()),
                        "floor",
                        num(floor),
                        "jmhFloor",
                        num(jmhFloor),
                        "ratio",
                        times(r1),
                        "jmhRatio",
                        times(r1b),
                        "met",
                        met(strict, FSYNC_TO_FLOOR, true),
                        "floorsDisagree",
                        r1 != null && r1b != null && (r1 <= FSYNC_TO_FLOOR) != (r1b <= FSYNC_TO_FLOOR)));
        c.put("process", atMost(r.callCost().process().p50Us(), PROCESS_US));
        c.put("async", atMost(r.callCost().async().p50Us(), ASYNC_US));
        String cores = text(r.machine().cores());
        int sp = cores.indexOf(' ');
        c.put(
                "concurrency",
                map(
                        "cores",
                        sp > 0 ? cores.substring(0, sp) : cores,
                        "callsPerS",
                        num(c64),
                        "ratio",
                        times(div(c64, CALLS_PER_S_AT_64)),
                        "met",
                        met(c64, CALLS_PER_S_AT_64, false)));
        Map<String, Object> replay = atMost(r.replay().medianUsPerCall(), REPLAY_US);
        replay.put("calls", num(r.replay().calls()));
        replay.put("usPerCall", replay.get("p50"));
        c.put("replay", replay);
        RecoveryResults rec = r.recovery();
        c.put(
                "recovery17",
                recoveryTarget(
                        rec.jdk("17"),
                        judgedRecovery() ? null : "not comparable (" + num(rec.executions()) + " executions)"));
        c.put(
                "recovery25",
                rec.jdk("25") == null
                        ? null
                        : recoveryTarget(rec.jdk("25"), judgedRecovery() ? null : "not comparable"));
        Double worst = r.nonDurable().worstRatio();
        c.put(
                "nonDurable",
                map(
                        "percent",
                        worst == null ? Format.NOT_AVAILABLE : String.format(Locale.ROOT, "%+.1f%%", (worst - 1) * 100),
                        "ratio",
                        times(worst),
                        "met",
                        met(worst, NON_DURABLE_RATIO, true)));
        PeerResults.Dbos dbos = r.peers().dbos();
        Double rd = div(dbos.stepP50Us(), fsync.p50Us());
        c.put(
                "dbos",
                map(
                        "measured",
                        dbos.stepP50Us() == null
                                ? "DBOS not measured"
                                : "DBOS " + num(dbos.stepP50Us()) + " µs vs Lazarus " + num(fsync.p50Us()) + " µs",
                        "ratio",
                        times(rd),
                        "met",
                        met(rd, DBOS_RATIO, false)));
        Double dbosC = dbos.concurrentStepsPerS();
        Double rc = div(c64, dbosC);
        c.put(
                "dbosConcurrent",
                map(
                        "measured",
                        dbosC == null
                                ? "DBOS not measured"
                                : "DBOS " + num(dbosC) + " steps/s vs Lazarus " + num(c64) + " calls/s",
                        "ratio",
                        times(rc),
                        "met",
                        met(rc, DBOS_RATIO, false)));
        c.put("exchange", exchangeTarget());
        c.put("sdkReplay", sdkReplayTarget());
        c.put("fanOut", fanOutTarget());
        c.put("fanOutReplay", fanOutReplayTarget());
        c.put("historyStartup", historyStartupTarget());
        c.put("historyHeap", historyHeapTarget());
        c.put("disk", diskTarget());
        c.put("compaction", compactionTarget());
        c.put("inboxBacklog", inboxBacklogTarget());
        return c;
    }

    private Map<String, Object> fanOutTarget() {
        BranchResults b = r.branches();
        Double ratio = b.fanOutToFloor();
        return map(
                "calls",
                Format.count(b.calls()),
                "measured",
                b.fanOut().p50Us() == null
                        ? Format.NOT_AVAILABLE
                        : num(b.fanOut().p50Us()) + " µs per fan-out, "
                                + num(b.fanOut().writesPerSpan()) + " syncs; floor " + num(b.floorP50Us())
                                + " µs in the same JVM",
                "ratio",
                times(ratio),
                "met",
                met(ratio, FAN_OUT_TO_FLOOR, true));
    }

    private Map<String, Object> fanOutReplayTarget() {
        BranchResults b = r.branches();
        Double ratio = b.replayRatio();
        return map(
                "calls",
                Format.count(b.calls()),
                "measured",
                b.replayFanOut().p50Us() == null
                        ? Format.NOT_AVAILABLE
                        : num(b.replayFanOutPerCall()) + " µs vs " + num(b.replaySequentialPerCall())
                                + " µs per replayed call",
                "ratio",
                times(ratio),
                "met",
                met(ratio, REPLAY_FAN_OUT_TO_SEQUENTIAL, true));
    }

    /**
     * The exchange with only the boundary journaled, {@code fsync}, over the same exchange without the agent, less
     * the fsync floor measured in the journaling JVM: at most {@link #EXCHANGE_OVER_FLOOR_US}.
     */
    private Double exchangeOverFloor() {
        EffectResults.Exchange none = r.effects().exchange("none");
        EffectResults.Exchange fsyncExchange = r.effects().exchange("fsync.boundary");
        if (none == null || fsyncExchange == null) {
            return null;
        }
        return minus(minus(fsyncExchange.p50Us(), none.p50Us()), fsyncExchange.floorP50Us());
    }

    private Map<String, Object> exchangeTarget() {
        EffectResults.Exchange none = r.effects().exchange("none");
        EffectResults.Exchange fsyncExchange = r.effects().exchange("fsync.boundary");
        Double over = exchangeOverFloor();
        String measured = none == null || fsyncExchange == null
                ? Format.NOT_AVAILABLE
                : num(fsyncExchange.p50Us()) + " µs vs " + num(none.p50Us()) + " µs without the agent; floor "
                        + num(fsyncExchange.floorP50Us()) + " µs in the same JVM";
        return map(
                "measured",
                measured,
                "over",
                over == null ? Format.NOT_AVAILABLE : num(over) + " µs",
                "met",
                met(over, EXCHANGE_OVER_FLOOR_US, true));
    }

    private Map<String, Object> sdkReplayTarget() {
        EffectResults.Replay replay = r.effects().replay("fsync");
        Double warm = replay == null ? null : replay.warmMsPerTurn();
        return map(
                "turns",
                Format.count(r.effects().turns()),
                "measured",
                replay == null
                        ? Format.NOT_AVAILABLE
                        : num(warm) + " ms per turn (warm; the first conversation in a cold JVM "
                                + num(replay.coldMsPerTurn()) + " ms)",
                "ratio",
                times(div(warm, SDK_REPLAY_MS_PER_TURN)),
                "met",
                met(warm, SDK_REPLAY_MS_PER_TURN, true));
    }

    private static Map<String, Object> atMost(Double value, double target) {
        return map("p50", num(value), "ratio", times(div(value, target)), "met", met(value, target, true));
    }

    private Map<String, Object> recoveryTarget(RecoveryResults.Jdk jdk, String notComparable) {
        Double ms = jdk == null ? null : jdk.recoveryMs();
        String measured = Format.NOT_AVAILABLE;
        if (jdk != null) {
            measured = num(jdk.resumed()) + " resumed "
                    + (jdk.openToResumedMs() != null
                            ? num(jdk.openToResumedMs()) + " ms after the journal opened; "
                            : "")
                    + num(jdk.startToResumedMs()) + " ms after JVM start";
        }
        return map(
                "measured",
                measured,
                "ratio",
                times(div(ms, RECOVERY_MS)),
                "met",
                notComparable != null ? notComparable : met(ms, RECOVERY_MS, true));
    }

    private boolean judgedRecovery() {
        Double n = r.recovery().executions();
        return n != null && n >= RECOVERY_EXECUTIONS;
    }

    /** The fdatasync floor measured in the fsync child itself (before and after its calls), else figure 1's. */
    private Double fsyncFloor() {
        return fsync.floorP50Us() != null
                ? fsync.floorP50Us()
                : r.diskFloor().fdatasync().p50Us();
    }

    private Double writeFloor(CallCostResults.Mode mode) {
        return mode.floorP50Us() != null
                ? mode.floorP50Us()
                : r.diskFloor().noSync().p50Us();
    }

    // ---- figures ------------------------------------------------------------------------------------------

    /** A figure's context: its status for the "problem" template, and {@code measured} when it has data. */
    private static Map<String, Object> figure(FigureStatus status, Map<String, Object> measured) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("skipped", status.skipped());
        c.put("failed", status.skipped() == null ? status.error() : null);
        c.put("measured", status.measured() ? measured : null);
        return c;
    }

    private Map<String, Object> figure1() {
        DiskFloorResults f = r.diskFloor();
        List<Object> rows = List.of(
                floorRow("append 256 B + fdatasync", f.fdatasync()), floorRow("append 256 B, no sync", f.noSync()));
        return figure(f.status(), map("rows", rows));
    }

    private static Map<String, Object> floorRow(String operation, DiskFloorResults.Sample s) {
        return map(
                "operation",
                operation,
                "p50",
                num(s.p50Us()),
                "p90",
                num(s.p90Us()),
                "p99",
                num(s.p99Us()),
                "mean",
                num(s.meanUs()),
                "error",
                num(s.meanErrorUs()),
                "samples",
                num(s.samples()));
    }

    private Map<String, Object> figure2() {
        CallCostResults f = r.callCost();
        List<Object> rows = new ArrayList<>();
        rows.add(modeRow("no agent (same loop)", f.noAgent(), null, null));
        rows.add(modeRow("`fsync`", fsync, fsyncFloor(), " (fdatasync)"));
        rows.add(modeRow("`process`", f.process(), writeFloor(f.process()), " (write)"));
        rows.add(modeRow("`async`", f.async(), writeFloor(f.async()), " (write)"));
        ConcurrencyResults.Log logFsync = r.concurrency().logFsyncAt(1);
        Double logProcess = r.concurrency().logProcess().appendP50Us();
        Double logAsync = r.concurrency().logAsync().appendP50Us();
        Map<String, Object> c = map(
                "repetitions",
                text(f.repetitions()),
                "fsyncRuns",
                text(fsync.everyRunP50Us()),
                "processRuns",
                text(f.process().everyRunP50Us()),
                "asyncRuns",
                text(f.async().everyRunP50Us()),
                "rows",
                rows,
                "floorFdatasync",
                num(r.diskFloor().fdatasync().p50Us()),
                "floorWrite",
                num(r.diskFloor().noSync().p50Us()),
                "logFsync",
                num(logFsync.appendP50Us()),
                "logProcess",
                num(logProcess),
                "logAsync",
                num(logAsync));

        Double floor = fsyncFloor();
        Double jmhFloor = r.diskFloor().fdatasync().p50Us();
        Double p50 = fsync.p50Us();
        Object fsyncNote = null;
        if (p50 != null
                && floor != null
                && (p50 > FSYNC_TO_FLOOR * floor || (jmhFloor != null && p50 > FSYNC_TO_FLOOR * jmhFloor))) {
            fsyncNote = map(
                    "ratio",
                    times(div(p50, floor)),
                    "jmhRatio",
                    times(div(p50, jmhFloor)),
                    "logRatio",
                    times(div(logFsync.appendP50Us(), logFsync.floorP50Us())),
                    "logFloor",
                    num(logFsync.floorP50Us()),
                    "logSwitches",
                    num(logFsync.contextSwitchesPerAppend()),
                    "agentSwitches",
                    num(r.concurrency().agentAt(1).contextSwitchesPerCall()));
        }
        Double proc = f.process().p50Us();
        Object processNote = proc != null && proc > PROCESS_US
                ? map("p50", num(proc), "write", num(writeFloor(f.process())), "engine", num(minus(proc, logProcess)))
                : null;
        Double async = f.async().p50Us();
        Object asyncNote = async != null && async > ASYNC_US
                ? map("p50", num(async), "engine", num(minus(async, logAsync)))
                : null;
        c.put("fsyncNote", fsyncNote);
        c.put("processNote", processNote);
        c.put("asyncNote", asyncNote);
        c.put("analysis", fsyncNote != null || processNote != null || asyncNote != null);
        return figure(f.status(), c);
    }

    private static Map<String, Object> modeRow(String mode, CallCostResults.Mode m, Double floor, String floorKind) {
        boolean agent = floorKind != null;
        return map(
                "mode",
                mode,
                "calls",
                num(m.calls()),
                "p50",
                num(m.p50Us()),
                "p90",
                num(m.p90Us()),
                "p99",
                num(m.p99Us()),
                "p999",
                num(m.p999Us()),
                "mean",
                num(m.meanUs()),
                "total",
                num(m.totalPerCallUs()),
                "floor",
                agent ? num(floor) + floorKind : "",
                "ratio",
                agent ? times(div(m.p50Us(), floor)) : "",
                "bytes",
                agent ? num(m.bytesPerRecord()) : "");
    }

    private Map<String, Object> figure3() {
        ConcurrencyResults f = r.concurrency();
        List<Object> agentRows = new ArrayList<>();
        for (ConcurrencyResults.Agent a : f.agent()) {
            agentRows.add(map(
                    "executions",
                    a.executions(),
                    "callsPerS",
                    num(a.callsPerS()),
                    "recordsPerSync",
                    num(a.recordsPerSync()),
                    "syncsPerS",
                    num(a.syncsPerS()),
                    "cpu",
                    num(a.cpuUsPerCall()),
                    "user",
                    num(a.userUsPerCall()),
                    "kernel",
                    num(a.kernelUsPerCall()),
                    "switches",
                    num(a.contextSwitchesPerCall()),
                    "allocated",
                    num(a.allocatedBytesPerCall()),
                    "everyRun",
                    text(a.everyRunCallsPerS())));
        }
        List<Object> logRows = new ArrayList<>();
        for (ConcurrencyResults.Log l : f.logFsync()) {
            logRows.add(logRow("fsync", l, num(l.recordsPerSync())));
        }
        logRows.add(logRow("process", f.logProcess(), ""));
        logRows.add(logRow("async", f.logAsync(), ""));
        Map<String, Object> c = map(
                "repetitions",
                text(f.repetitions()),
                "agentRows",
                agentRows,
                "recordBytes",
                text(f.logRecordBytes()),
                "logRows",
                logRows);
        ConcurrencyResults.Agent a64 = f.agentAt(64);
        ConcurrencyResults.Log l64 = f.logFsyncAt(64);
        c.put(
                "analysis",
                c64 == null
                        ? null
                        : map(
                                "callsPerS",
                                num(c64),
                                "ratio",
                                times(div(c64, CALLS_PER_S_AT_64)),
                                "recordsPerSync",
                                num(a64.recordsPerSync()),
                                "logAppendsPerS",
                                num(l64.appendsPerS()),
                                "cpu",
                                num(a64.cpuUsPerCall()),
                                "user",
                                num(a64.userUsPerCall()),
                                "kernel",
                                num(a64.kernelUsPerCall()),
                                "ceiling",
                                num(div(2e6, a64.cpuUsPerCall())),
                                "switches",
                                num(a64.contextSwitchesPerCall()),
                                "logKernel",
                                num(l64.kernelUsPerAppend()),
                                "logSwitches",
                                num(l64.contextSwitchesPerAppend())));
        return figure(f.status(), c);
    }

    private static Map<String, Object> logRow(String mode, ConcurrencyResults.Log l, String recordsPerSync) {
        return map(
                "mode",
                mode,
                "threads",
                l.threads(),
                "appendsPerS",
                num(l.appendsPerS()),
                "recordsPerSync",
                recordsPerSync,
                "p50",
                num(l.appendP50Us()),
                "p99",
                num(l.appendP99Us()),
                "floor",
                num(l.floorP50Us()),
                "cpu",
                num(l.cpuUsPerAppend()),
                "user",
                num(l.userUsPerAppend()),
                "kernel",
                num(l.kernelUsPerAppend()),
                "switches",
                num(l.contextSwitchesPerAppend()));
    }

    private Map<String, Object> figure4() {
        ReplayResults f = r.replay();
        List<Object> rows = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (ReplayResults.Run run : f.runs()) {
            rows.add(map(
                    "number",
                    run.number(),
                    "journalMb",
                    text(run.journalMb()),
                    "recordSeconds",
                    text(run.recordSeconds()),
                    "openMs",
                    num(run.journalOpenMs()),
                    "replayMs",
                    num(run.replayMs()),
                    "usPerCall",
                    num(run.usPerCall()),
                    "liveCalls",
                    text(run.liveCalls())));
            if (run.usPerCall() != null) {
                runs.add(num(run.usPerCall()));
            }
        }
        Double median = f.medianUsPerCall();
        Map<String, Object> c = figure(
                f.status(),
                map(
                        "rows",
                        rows,
                        "median",
                        num(median),
                        "analysis",
                        median != null && median > REPLAY_US
                                ? map(
                                        "runs",
                                        String.join(", ", runs),
                                        "decodeShare",
                                        share("c", "ValueCodec.decode"),
                                        "digestShare",
                                        share("c", "Engine.argumentsDigest"))
                                : null));
        c.put("calls", num(f.calls()));
        return c;
    }

    private String share(String profile, String method) {
        HotPathResults.Profile p = r.hotPath().profile(profile);
        return HotPathResults.shareOf(p == null ? null : p.inclusive(), method);
    }

    private Map<String, Object> figure5() {
        RecoveryResults f = r.recovery();
        List<Object> rows = new ArrayList<>();
        for (RecoveryResults.Jdk j : f.jdks()) {
            rows.add(map(
                    "version",
                    text(j.version()),
                    "resumed",
                    num(j.resumed()),
                    "openMs",
                    num(j.journalOpenMs()),
                    "openToResumed",
                    num(j.openToResumedMs()),
                    "openToCompleted",
                    num(j.openToCompletedMs()),
                    "startToResumed",
                    num(j.startToResumedMs()),
                    "liveCalls",
                    text(j.liveCalls())));
        }
        RecoveryResults.Jdk j17 = f.jdk("17");
        RecoveryResults.Jdk j25 = f.jdk("25");
        Double r17 = j17 == null ? null : j17.recoveryMs();
        Double r25 = j25 == null ? null : j25.recoveryMs();
        Map<String, Object> c = figure(
                f.status(),
                map(
                        "rows",
                        rows,
                        "analysis",
                        judgedRecovery() && r17 != null && r17 > RECOVERY_MS
                                ? map(
                                        "jdk17Ms",
                                        num(r17),
                                        "ratio",
                                        times(div(r17, RECOVERY_MS)),
                                        "jdk25Ms",
                                        r25 == null ? null : num(r25),
                                        "createMs",
                                        num(j17.createMs()))
                                : null));
        c.put("executions", num(f.executions()));
        return c;
    }

    private Map<String, Object> figure6() {
        NonDurableResults f = r.nonDurable();
        List<Object> loops = new ArrayList<>();
        for (NonDurableResults.Loop loop : f.loops()) {
            List<Object> rounds = new ArrayList<>();
            for (int i = 0; i < loop.rounds().size(); i++) {
                NonDurableResults.Round round = loop.rounds().get(i);
                rounds.add(map(
                        "number",
                        i + 1,
                        "noAgent",
                        num(round.noAgentNs()),
                        "noAgentError",
                        num(round.noAgentErrorNs()),
                        "agent",
                        num(round.agentNs()),
                        "agentError",
                        num(round.agentErrorNs()),
                        "ratio",
                        times(div(round.agentNs(), round.noAgentNs()))));
            }
            loops.add(map(
                    "name",
                    loop.name(),
                    "first",
                    loops.isEmpty(),
                    "rounds",
                    rounds,
                    "meanNoAgent",
                    num(loop.meanNoAgentNs()),
                    "meanAgent",
                    num(loop.meanAgentNs()),
                    "meanRatio",
                    times(loop.ratio())));
        }
        Double worst = f.worstRatio();
        return figure(
                f.status(),
                map("rounds", f.rounds(), "loops", loops, "analysis", worst != null && worst > NON_DURABLE_RATIO));
    }

    private Map<String, Object> figure7() {
        MapDbResults f = r.mapDb();
        MapDbResults.Commit one = f.perRecord();
        MapDbResults.Commit batch = f.perBatch();
        Double perRecord = batch.perRecordUs();
        return figure(
                f.status(),
                map(
                        "perRecord",
                                map(
                                        "p50",
                                        num(one.p50Us()),
                                        "p99",
                                        num(one.p99Us()),
                                        "mean",
                                        num(one.meanUs()),
                                        "perRecord",
                                        num(one.perRecordUs()),
                                        "ratio",
                                        times(div(one.p50Us(), fsync.p50Us()))),
                        "perBatch",
                                map(
                                        "p50",
                                        num(batch.p50Us()),
                                        "p99",
                                        num(batch.p99Us()),
                                        "mean",
                                        num(batch.meanUs()),
                                        "perRecord",
                                        num(perRecord),
                                        "ratio",
                                        times(perRecord == null || c64 == null ? null : perRecord / (1e6 / c64)))));
    }

    private Map<String, Object> figure8() {
        PeerResults f = r.peers();
        PeerResults.Dbos dbos = f.dbos();
        Object dbosMeasured = null;
        if (dbos.error() == null) {
            Double lz = fsync.p50Us();
            Double rd = div(dbos.stepP50Us(), lz);
            Double floor = fsyncFloor();
            Double process = r.callCost().process().p50Us();
            Map<String, Object> m = map(
                    "version",
                    text(dbos.version()),
                    "postgres",
                    text(r.run().postgresVersion()),
                    "p50",
                    num(dbos.stepP50Us()),
                    "lazarusP50",
                    num(lz),
                    "p50Ratio",
                    times(rd),
                    "p99",
                    num(dbos.stepP99Us()),
                    "lazarusP99",
                    num(fsync.p99Us()),
                    "p99Ratio",
                    times(div(dbos.stepP99Us(), fsync.p99Us())),
                    "total",
                    num(dbos.totalPerStepUs()),
                    "lazarusTotal",
                    num(fsync.totalPerCallUs()),
                    "totalRatio",
                    times(div(dbos.totalPerStepUs(), fsync.totalPerCallUs())),
                    "workflows",
                    text(dbos.concurrentWorkflows()),
                    "stepsPerWorkflow",
                    text(dbos.stepsPerWorkflow()),
                    "concurrent",
                    num(dbos.concurrentStepsPerS()),
                    "lazarusConcurrent",
                    num(c64),
                    "concurrentRatio",
                    times(div(c64, dbos.concurrentStepsPerS())));
            m.put(
                    "analysis",
                    rd != null && rd < DBOS_RATIO
                            ? map(
                                    "lazarusToFloor",
                                    times(div(lz, floor)),
                                    "floor",
                                    num(floor),
                                    "dbosToFloor",
                                    times(div(dbos.stepP50Us(), floor)),
                                    "tenfold",
                                    num(dbos.stepP50Us() == null ? null : dbos.stepP50Us() / DBOS_RATIO),
                                    "process",
                                    num(process),
                                    "processRatio",
                                    times(div(dbos.stepP50Us(), process)))
                            : null);
            dbosMeasured = m;
        }
        PeerResults.Temporal t = f.temporal();
        CallCostResults.Mode process = r.callCost().process();
        Object temporalMeasured = t.error() != null
                ? null
                : map(
                        "p50",
                        num(t.activityP50Us()),
                        "p99",
                        num(t.activityP99Us()),
                        "fsyncP50",
                        num(fsync.p50Us()),
                        "processP50",
                        num(process.p50Us()),
                        "fsyncP99",
                        num(fsync.p99Us()),
                        "processP99",
                        num(process.p99Us()),
                        "fsyncRatio",
                        times(div(t.activityP50Us(), fsync.p50Us())),
                        "processRatio",
                        times(div(t.activityP50Us(), process.p50Us())));
        return figure(
                f.status(),
                map(
                        "dbos",
                        map("error", dbos.error(), "measured", dbosMeasured),
                        "temporal",
                        map("error", t.error(), "measured", temporalMeasured)));
    }

    private Map<String, Object> figure9() {
        HotPathResults f = r.hotPath();
        if (!f.present()) {
            return null;
        }
        List<Object> profiles = new ArrayList<>();
        for (HotPathResults.Profile p : f.profiles()) {
            String title = p.id().equals("a")
                    ? "(a) `async`, 1 execution"
                    : p.id().equals("b")
                            ? "(b) `fsync`, 64 executions"
                            : "(c) replay of " + num(f.replayCalls()) + " calls (the resuming JVM's main thread)";
            profiles.add(map(
                    "title",
                    title,
                    "replay",
                    p.id().equals("c"),
                    "usPerCall",
                    num(p.usPerReplayedCall()),
                    "callsPerS",
                    num(p.callsPerS()),
                    "cpu",
                    num(p.cpuUsPerCall()),
                    "allocated",
                    num(p.allocatedBytesPerCall()),
                    "samples",
                    text(p.samples()),
                    "allSamples",
                    text(p.allSamples()),
                    "allocationSamples",
                    text(p.allocationSamples()),
                    "rankings",
                    List.of(
                            ranking("thread (all execution samples)", "share of samples", p.threads()),
                            ranking("innermost frame (self)", "share of samples", p.self()),
                            ranking("Lazarus method on the stack (inclusive)", "share of samples", p.inclusive()),
                            ranking(
                                    "nearest Lazarus frame → allocated type",
                                    "share of sampled bytes",
                                    p.allocation()))));
        }
        Map<String, Object> c = figure(f.status(), map("profiles", profiles));
        c.put("seconds", text(f.seconds()));
        return c;
    }

    private static Map<String, Object> ranking(String title, String unit, List<HotPathResults.Share> shares) {
        List<Object> rows = new ArrayList<>();
        for (HotPathResults.Share s : shares) {
            rows.add(map("what", s.what(), "share", s.share()));
        }
        return map("title", title, "unit", unit, "shares", rows);
    }

    /** A map of alternating keys and values, in order; a value may be null (then a section renders nothing). */
    private Map<String, Object> figure10() {
        StartupResults f = r.startup();
        StartupResults.Start none = f.start("none");
        List<Object> starts = new ArrayList<>();
        for (StartupResults.Start s : f.starts()) {
            starts.add(map(
                    "configuration",
                    switch (s.configuration()) {
                        case "none" -> "no agent";
                        case "agent" -> "this agent";
                        default -> "baseline agent";
                    },
                    "main",
                    num(s.mainMs()),
                    "firstDurable",
                    num(s.firstDurableMs()),
                    "added",
                    none == null || s == none ? "—" : num(minus(s.mainMs(), none.mainMs()))));
        }
        List<Object> calls = new ArrayList<>();
        for (StartupResults.Call c : f.calls()) {
            calls.add(map(
                    "what",
                    "one journaled call, `" + c.what() + "` (p50)",
                    "agent",
                    num(c.agentUs()),
                    "baseline",
                    num(c.baselineUs()),
                    "ratio",
                    times(c.ratio())));
        }
        StartupResults.Call replay = f.replay();
        calls.add(map(
                "what",
                "one replayed call",
                "agent",
                num(replay.agentUs()),
                "baseline",
                num(replay.baselineUs()),
                "ratio",
                times(replay.ratio())));
        return figure(
                f.status(),
                map(
                        "rounds",
                        f.rounds() == null ? Format.NOT_AVAILABLE : f.rounds(),
                        "starts",
                        starts,
                        "baseline",
                        f.baseline() == null
                                ? null
                                : map(
                                        "jar",
                                        f.baseline(),
                                        "reps",
                                        f.reps() == null ? Format.NOT_AVAILABLE : f.reps(),
                                        "calls",
                                        calls)));
    }

    private Map<String, Object> figure11() {
        EffectResults f = r.effects();
        EffectResults.Exchange none = f.exchange("none");
        List<Object> exchanges = new ArrayList<>();
        for (EffectResults.Exchange e : f.exchangeConfigurations()) {
            exchanges.add(map(
                    "configuration",
                    switch (e.configuration()) {
                        case "none" -> "no agent";
                        case "fsync.boundary" -> "`fsync`, answer read outside the body";
                        case "fsync.body" -> "`fsync`, `body().string()` in the body";
                        case "process.boundary" -> "`process`, answer read outside the body";
                        case "process.body" -> "`process`, `body().string()` in the body";
                        default -> e.configuration();
                    },
                    "p50",
                    num(e.p50Us()),
                    "p99",
                    num(e.p99Us()),
                    "mean",
                    num(e.meanUs()),
                    "added",
                    none == null || e == none ? "—" : num(minus(e.p50Us(), none.p50Us())),
                    "floor",
                    e.floorP50Us() == null ? "—" : num(e.floorP50Us())));
        }
        EffectResults.Exchange fsyncBody = f.exchange("fsync.body");
        EffectResults.Exchange processBoundary = f.exchange("process.boundary");
        EffectResults.Exchange processBody = f.exchange("process.body");
        Double none50 = none == null ? null : none.p50Us();
        List<Object> replays = new ArrayList<>();
        for (EffectResults.Replay p : f.replays()) {
            replays.add(map(
                    "mode",
                    p.mode(),
                    "cold",
                    num(p.coldMsPerTurn()),
                    "warm",
                    num(p.warmMsPerTurn()),
                    "last",
                    num(p.lastMsPerTurn()),
                    "live",
                    text(p.liveRequests())));
        }
        EffectResults.Statement plain = f.statement("none");
        List<Object> statements = new ArrayList<>();
        for (EffectResults.Statement s : f.statementConfigurations()) {
            Double added = plain == null || s == plain ? null : minus(s.p50Us(), plain.p50Us());
            statements.add(map(
                    "configuration",
                    s.configuration().equals("none") ? "no agent" : "`" + s.configuration() + "`",
                    "p50",
                    num(s.p50Us()),
                    "p99",
                    num(s.p99Us()),
                    "total",
                    num(s.totalPerStatementUs()),
                    "added",
                    added == null ? "—" : num(added),
                    "overFloor",
                    added == null || !s.configuration().equals("fsync") || s.floorP50Us() == null
                            ? "—"
                            : num(added - s.floorP50Us()),
                    "floor",
                    s.floorP50Us() == null ? "—" : num(s.floorP50Us())));
        }
        List<Object> digests = new ArrayList<>();
        for (EffectResults.Digest d : f.digests()) {
            digests.add(map(
                    "shape",
                    d.shape().equals("scalars")
                            ? "scalars (a string, an int, an enum)"
                            : "a chat request (a record: ten messages, options, three tool schemas)",
                    "value",
                    num(d.valueNs()),
                    "legacy",
                    num(d.legacyNs()),
                    "speedup",
                    times(d.speedup())));
        }
        Map<String, Object> exchange = exchangeTarget();
        Map<String, Object> sdk = sdkReplayTarget();
        return figure(
                f.status(),
                map(
                        "exchanges",
                        Format.count(f.exchanges()),
                        "exchangeRows",
                        exchanges,
                        "boundaryOnly",
                        num(minus(processBoundary == null ? null : processBoundary.p50Us(), none50)),
                        "bodyProcess",
                        num(minus(processBody == null ? null : processBody.p50Us(), none50)),
                        "bodyTotal",
                        num(minus(fsyncBody == null ? null : fsyncBody.p50Us(), none50)),
                        "bodyFloor",
                        num(fsyncBody == null ? null : fsyncBody.floorP50Us()),
                        "exchangeOver",
                        exchange.get("over"),
                        "exchangeMet",
                        exchange.get("met"),
                        "turns",
                        Format.count(f.turns()),
                        "conversations",
                        Format.count(f.conversations()),
                        "replays",
                        replays,
                        "sdkMet",
                        sdk.get("met"),
                        "statements",
                        Format.count(f.statements()),
                        "statementRows",
                        statements,
                        "digests",
                        digests,
                        "loadBefore",
                        text(f.loadBefore()),
                        "loadAfter",
                        text(f.loadAfter())));
    }

    private Map<String, Object> figure12() {
        BranchResults f = r.branches();
        Double calls = f.calls();
        List<Object> rows = List.of(
                spanRow(
                        Format.count(calls) + " fanned out to " + Format.count(calls) + " threads",
                        f.fanOut(),
                        f.floorP50Us()),
                spanRow(Format.count(calls) + " one after the other", f.sequential(), f.floorP50Us()),
                spanRow("the same fan-out without the agent (the executor alone)", f.plain(), f.floorP50Us()));
        List<Object> replayRows = List.of(
                replayRow("fan-out", f.replayFanOut(), calls),
                replayRow("one after the other", f.replaySequential(), calls),
                replayRow("the same fan-out without the agent (the executor alone)", f.replayPlain(), calls));
        Map<String, Object> fanOut = fanOutTarget();
        Map<String, Object> replay = fanOutReplayTarget();
        Double toFloor = f.fanOutToFloor();
        Double replayRatio = f.replayRatio();
        Double plainPerCall = div(f.replayPlain().p50Us(), calls);
        return figure(
                f.status(),
                map(
                        "calls",
                        Format.count(calls),
                        "executions",
                        Format.count(f.executions()),
                        "runs",
                        text(f.latencyRuns()),
                        "rows",
                        rows,
                        "floorP50",
                        num(f.floorP50Us()),
                        "floorP99",
                        num(f.floorP99Us()),
                        "fanOutRatio",
                        times(toFloor),
                        "fanOutMet",
                        fanOut.get("met"),
                        "sequentialRatio",
                        times(f.sequentialToFloor()),
                        "lastCall",
                        num(f.lastCall().p50Us()),
                        "plainLastCall",
                        num(f.plainLastCall().p50Us()),
                        "afterLastCall",
                        num(f.afterLastCall().p50Us()),
                        "afterLastCallRatio",
                        times(f.afterLastCallToFloor()),
                        "sequentialPerCall",
                        num(div(f.sequential().p50Us(), calls)),
                        "toSequentialCall",
                        times(div(f.fanOut().p50Us(), div(f.sequential().p50Us(), calls))),
                        "fanOutAnalysis",
                        toFloor != null && toFloor > FAN_OUT_TO_FLOOR
                                ? map(
                                        "syncs",
                                        num(f.fanOut().writesPerSpan()),
                                        "lastCall",
                                        num(f.lastCall().p50Us()),
                                        "lastCallRatio",
                                        times(div(f.lastCall().p50Us(), f.floorP50Us())),
                                        "plainLastCall",
                                        num(f.plainLastCall().p50Us()),
                                        "kernelPerSync",
                                        num(r.concurrency().logFsyncAt(1).kernelUsPerAppend()),
                                        "cores",
                                        r.machine().coreCount() == null
                                                ? Format.NOT_AVAILABLE
                                                : String.valueOf(
                                                        r.machine().coreCount().intValue()),
                                        "loadBefore",
                                        num(Format.load1(f.loadBefore())),
                                        "loadAfter",
                                        num(Format.load1(f.loadAfter())),
                                        "afterLastCallRatio",
                                        times(f.afterLastCallToFloor()),
                                        "groupCommitHeld",
                                        f.afterLastCallToFloor() != null
                                                && f.afterLastCallToFloor() <= FAN_OUT_TO_FLOOR)
                                : null,
                        "replayExecutions",
                        Format.count(f.replayExecutions()),
                        "journalMb",
                        text(f.journalMb()),
                        "replayRows",
                        replayRows,
                        "replayRatio",
                        times(replayRatio),
                        "replayMet",
                        replay.get("met"),
                        "liveCalls",
                        text(f.liveCalls()),
                        "agentPerCall",
                        num(f.replayAgentPerCall()),
                        "replayAnalysis",
                        replayRatio != null && replayRatio > REPLAY_FAN_OUT_TO_SEQUENTIAL
                                ? map(
                                        "fanOutPerCall",
                                        num(f.replayFanOutPerCall()),
                                        "plainPerCall",
                                        num(plainPerCall),
                                        "sequentialPerCall",
                                        num(f.replaySequentialPerCall()),
                                        "agentPerCall",
                                        num(f.replayAgentPerCall()),
                                        "agentRatio",
                                        times(div(f.replayAgentPerCall(), f.replaySequentialPerCall())))
                                : null,
                        "loadBefore",
                        text(f.loadBefore()),
                        "loadAfter",
                        text(f.loadAfter())));
    }

    // ---- figure 13 ----------------------------------------------------------------------------------------------

    /** Why the largest history measured cannot judge a target stated for {@link #HISTORY_FINISHED}, or null. */
    private String historyNotComparable(HistoryResults.Size s) {
        if (s == null) {
            return "not measured";
        }
        return s.finished() < HISTORY_FINISHED
                ? "not comparable (" + Format.count(s.finished()) + " finished executions)"
                : null;
    }

    /** Whether a history's judged start is missing because its JVM failed. */
    private static boolean failed(HistoryResults.Size s) {
        return s != null && s.error() != null;
    }

    private Map<String, Object> historyStartupTarget() {
        HistoryResults h = r.history();
        HistoryResults.Size s = h.largest();
        HistoryResults.Size e = h.empty();
        String notComparable = historyNotComparable(s);
        Double ratio = failed(s) ? null : h.startupRatio(s);
        String measured;
        if (s == null || e == null) {
            measured = Format.NOT_AVAILABLE;
        } else if (failed(s)) {
            measured = "the JVM on " + Format.count(s.finished()) + " finished executions failed: " + cell(s.error());
        } else {
            measured = num(s.judged().firstDurableMs()) + " ms vs "
                    + num(e.judged().firstDurableMs()) + " ms with an empty journal ("
                    + (s.restarted() ? "median of restarts" : "one start") + ")";
        }
        return map(
                "finished",
                Format.count(HISTORY_FINISHED),
                "measured",
                measured,
                "ratio",
                failed(s) ? "—" : times(ratio),
                "met",
                notComparable != null
                        ? notComparable
                        : failed(s) ? "**missed**" : met(ratio, HISTORY_STARTUP_RATIO, true));
    }

    private Map<String, Object> historyHeapTarget() {
        HistoryResults h = r.history();
        HistoryResults.Size s = h.largest();
        HistoryResults.Size e = h.empty();
        String notComparable = historyNotComparable(s);
        Double perFinished = failed(s) ? null : h.heapPerFinished(s);
        String measured;
        if (s == null || e == null) {
            measured = Format.NOT_AVAILABLE;
        } else if (failed(s)) {
            measured = "the JVM on " + Format.count(s.finished()) + " finished executions failed (above)";
        } else {
            measured = num(perFinished) + " bytes per finished execution ("
                    + mb(s.judged().heapBytes()) + " MB of heap after GC vs "
                    + mb(e.judged().heapBytes()) + " MB with an empty journal)";
        }
        return map(
                "finished",
                Format.count(HISTORY_FINISHED),
                "measured",
                measured,
                "ratio",
                failed(s) ? "—" : times(div(perFinished, HISTORY_HEAP_BYTES)),
                "met",
                notComparable != null
                        ? notComparable
                        : failed(s) ? "**missed**" : met(perFinished, HISTORY_HEAP_BYTES, true));
    }

    private Map<String, Object> diskTarget() {
        HistoryResults.Disk d = r.history().disk();
        Double growth = d.growth();
        return map(
                "retention",
                d.retention() == null ? "seconds" : "`" + d.retention() + "`",
                "measured",
                d.error() != null
                        ? "failed: " + cell(d.error())
                        : growth == null
                                ? Format.NOT_AVAILABLE
                                : "peak " + mb(d.lastThirdPeak()) + " MB in the last third of " + num(d.seconds())
                                        + " s vs " + mb(d.earlierPeak()) + " MB before",
                "ratio",
                times(growth),
                "met",
                met(growth, DISK_GROWTH, true));
    }

    private Map<String, Object> compactionTarget() {
        HistoryResults.Latency l = r.history().latency();
        Double ratio = l.p99Ratio();
        String measured;
        if (l.error() != null) {
            measured = "failed: " + cell(l.error());
        } else if (l.without().p99Us() == null) {
            measured = Format.NOT_AVAILABLE;
        } else if (l.compactedInWindow()) {
            measured = "p99 " + num(l.during().p99Us()) + " µs during compaction vs "
                    + num(l.without().p99Us()) + " µs without";
        } else {
            measured = "no compaction seen during the measured window; p99 without: "
                    + num(l.without().p99Us()) + " µs";
        }
        return map(
                "measured",
                measured,
                "ratio",
                l.compactedInWindow() ? times(ratio) : "—",
                "met",
                met(ratio, COMPACTION_P99_RATIO, true));
    }

    private Map<String, Object> figure13() {
        HistoryResults f = r.history();
        HistoryResults.Size empty = f.empty();
        List<Object> sizes = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        Double bytesPerExecution = null;
        for (HistoryResults.Size s : f.sizes()) {
            if (s.bytesPerExecution() != null) {
                bytesPerExecution = s.bytesPerExecution();
            }
            boolean ran = s.judged() != null && s.judged().firstDurableMs() != null;
            sizes.add(map(
                    "finished",
                    Format.count(s.finished()),
                    "journalMb",
                    s.finished() == 0 ? "—" : num(s.journalMb()),
                    "started",
                    Format.count(s.started()),
                    "firstMain",
                    ran ? num(s.first().mainMs()) : "—",
                    "firstDurable",
                    ran ? num(s.first().firstDurableMs()) : "—",
                    "main",
                    ran && s.restarted() ? num(s.judged().mainMs()) : "—",
                    "durable",
                    ran && s.restarted() ? num(s.judged().firstDurableMs()) : "—",
                    "ratio",
                    ran && s.finished() > 0 ? times(f.startupRatio(s)) : "—",
                    "heapMb",
                    ran ? mb(s.judged().heapBytes()) : "—",
                    "perFinished",
                    ran && s.finished() > 0 ? num(f.heapPerFinished(s)) : "—",
                    "hwmMb",
                    ran ? num(div(s.judged().hwmKb(), 1024.0)) : "—",
                    "answered",
                    s.finished() == 0 || s.historyAnswered() == null ? "—" : s.historyAnswered()));
            if (s.error() != null) {
                failures.add(map("finished", Format.count(s.finished()), "error", s.error()));
            }
        }
        HistoryResults.Size largest = f.largest();
        Map<String, Object> startup = historyStartupTarget();
        Map<String, Object> heap = historyHeapTarget();
        HistoryResults.Size started = f.largestStarted();
        boolean historyMissed = "**missed**".equals(startup.get("met")) || "**missed**".equals(heap.get("met"));
        Map<String, Object> startupAnalysis = null;
        if (historyMissed && started != null && empty != null && empty.judged() != null) {
            Double mainDelta = minus(started.judged().mainMs(), empty.judged().mainMs());
            Double durableDelta =
                    minus(started.judged().firstDurableMs(), empty.judged().firstDurableMs());
            Double projected = div(product(f.heapPerFinished(started), HISTORY_FINISHED), 1048576.0);
            startupAnalysis = map(
                    "finished",
                    Format.count(started.finished()),
                    "mainDelta",
                    num(mainDelta),
                    "durableDelta",
                    num(durableDelta),
                    "share",
                    mainDelta == null || durableDelta == null || durableDelta <= 0
                            ? Format.NOT_AVAILABLE
                            : String.format(Locale.ROOT, "%.0f%%", 100 * mainDelta / durableDelta),
                    "perFinished",
                    num(f.heapPerFinished(started)),
                    "target",
                    Format.count(HISTORY_FINISHED),
                    "projected",
                    num(projected),
                    "overHeap",
                    projected != null && projected > CHILD_HEAP_MB,
                    "largestFailed",
                    failed(largest));
        }
        HistoryResults.Disk d = f.disk();
        Double growthPerS = d.lastThirdGrowthPerS();
        // what the load wrote: executions per second times a generated execution's bytes (the same shape of records)
        Double writtenPerS = product(div(d.executions(), d.seconds()), f.bytesPerExecution());
        Map<String, Object> diskAnalysis = d.growth() != null && d.growth() > DISK_GROWTH
                ? map(
                        "compacted",
                        d.compactionSigns() != null && d.compactionSigns() > 0,
                        "signs",
                        Format.count(d.compactionSigns()),
                        "growth",
                        mb(growthPerS),
                        "written",
                        mb(writtenPerS),
                        "bytesPerExecution",
                        num(f.bytesPerExecution()))
                : null;
        List<Object> points = new ArrayList<>();
        int n = d.series().size();
        int shown = Math.min(n, 10);
        for (int i = 0; i < shown; i++) {
            HistoryResults.Point p =
                    d.series().get(shown < 2 ? 0 : (int) Math.round((double) i * (n - 1) / (shown - 1)));
            points.add(map("seconds", String.format(Locale.ROOT, "%.0f", p.seconds()), "mb", mb(p.bytes())));
        }
        Double growth = d.growth();
        HistoryResults.Latency l = f.latency();
        List<Object> runs = new ArrayList<>();
        runs.add(compactionRow(l.without()));
        if (l.compactedInWindow()) {
            runs.add(compactionRow(l.during()));
        }
        return figure(
                f.status(),
                map(
                        "calls",
                        Format.count(f.calls()),
                        "starts",
                        Format.count(f.starts()),
                        "bytesPerExecution",
                        num(bytesPerExecution),
                        "startupError",
                        f.startupError(),
                        "sizes",
                        sizes,
                        "failures",
                        failures,
                        "anyFailure",
                        !failures.isEmpty(),
                        "largest",
                        largest == null ? Format.NOT_AVAILABLE : Format.count(largest.finished()),
                        "largestFailed",
                        failed(largest),
                        "startupRatio",
                        startup.get("ratio"),
                        "startupMet",
                        startup.get("met"),
                        "perFinished",
                        failed(largest) ? "—" : num(f.heapPerFinished(largest)),
                        "heapMet",
                        heap.get("met"),
                        "emptyDurable",
                        empty == null || empty.judged() == null
                                ? Format.NOT_AVAILABLE
                                : num(empty.judged().firstDurableMs()),
                        "disk",
                        d.error() != null
                                ? null
                                : map(
                                        "retention",
                                        text(d.retention()),
                                        "threads",
                                        Format.count(d.threads()),
                                        "seconds",
                                        num(d.seconds()),
                                        "executions",
                                        Format.count(d.executions()),
                                        "callsPerS",
                                        num(d.callsPerS()),
                                        "points",
                                        points,
                                        "min",
                                        mb(d.min()),
                                        "max",
                                        mb(d.max()),
                                        "last",
                                        mb(d.last()),
                                        "lastThirdPeak",
                                        mb(d.lastThirdPeak()),
                                        "earlierPeak",
                                        mb(d.earlierPeak()),
                                        "growth",
                                        times(growth),
                                        "bounded",
                                        growth != null && growth <= DISK_GROWTH,
                                        "met",
                                        met(growth, DISK_GROWTH, true),
                                        "signs",
                                        Format.count(d.compactionSigns()),
                                        "segments",
                                        Format.count(d.segmentsAtEnd()),
                                        "verify",
                                        text(d.verify())),
                        "diskError",
                        d.error(),
                        "startupAnalysis",
                        startupAnalysis,
                        "diskAnalysis",
                        diskAnalysis,
                        "latency",
                        l.error() != null
                                ? null
                                : map(
                                        "history",
                                        Format.count(l.history()),
                                        "historyMb",
                                        num(l.historyMb()),
                                        "deadPercent",
                                        Format.count(l.deadPercent()),
                                        "seconds",
                                        Format.count(l.seconds()),
                                        "withoutRetention",
                                        text(l.without().retention()),
                                        "duringRetention",
                                        text(l.during().retention()),
                                        "runs",
                                        runs,
                                        "compacted",
                                        l.compactedInWindow(),
                                        "ratio",
                                        times(l.p99Ratio()),
                                        "met",
                                        met(l.p99Ratio(), COMPACTION_P99_RATIO, true),
                                        "duringRunSigns",
                                        Format.count(l.during().runSigns()),
                                        "duringError",
                                        l.during().error(),
                                        "withoutP99",
                                        num(l.without().p99Us())),
                        "latencyError",
                        l.error(),
                        "loadBefore",
                        text(f.loadBefore()),
                        "loadAfter",
                        text(f.loadAfter())));
    }

    // ---- figure 14 ----------------------------------------------------------------------------------------------

    /** Start-up's bound with the target's backlog: its ingest budget plus the empty inbox's spread, or null. */
    private Double inboxBacklogBound() {
        InboxBacklogResults.Backlog e = r.inboxBacklog().empty();
        Double noise = e == null ? null : e.mainSpreadMs();
        return noise == null ? null : START_UP_INGEST_MS + noise;
    }

    private Map<String, Object> inboxBacklogTarget() {
        InboxBacklogResults f = r.inboxBacklog();
        InboxBacklogResults.Backlog b = f.backlog(INBOX_BACKLOG_EVENTS);
        InboxBacklogResults.Backlog e = f.empty();
        Double added = f.addedMs(b);
        Double ratio = div(added, inboxBacklogBound());
        String measured;
        String met;
        if (b == null) {
            InboxBacklogResults.Backlog largest = f.largest();
            measured = Format.NOT_AVAILABLE;
            met = largest == null ? "not measured" : "not comparable (" + Format.count(largest.events()) + " events)";
        } else if (b.error() != null && b.mainMs() == null) {
            measured = "the JVM on " + Format.count(b.events()) + " queued events failed: " + cell(b.error());
            met = "**missed**";
        } else {
            measured = e == null || added == null
                    ? Format.NOT_AVAILABLE
                    : num(b.mainMs()) + " ms vs " + num(e.mainMs()) + " ms with an empty inbox (medians): "
                            + num(added) + " ms later; a JVM's noise " + num(e.mainSpreadMs())
                            + " ms (the empty inbox's JVMs, slowest less fastest)";
            met = met(ratio, 1.0, true);
        }
        return map(
                "events",
                Format.count(INBOX_BACKLOG_EVENTS),
                "budget",
                num(START_UP_INGEST_MS),
                "measured",
                measured,
                "ratio",
                times(ratio),
                "met",
                met);
    }

    private Map<String, Object> figure14() {
        InboxBacklogResults f = r.inboxBacklog();
        List<Object> rows = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        double left = 0;
        double rejected = 0;
        boolean undelivered = false;
        for (InboxBacklogResults.Backlog b : f.backlogs()) {
            boolean queued = b.events() > 0;
            rows.add(map(
                    "events",
                    Format.count(b.events()),
                    "inboxMb",
                    queued ? num(b.inboxMb()) : "—",
                    "started",
                    Format.count(b.started()),
                    "main",
                    num(b.mainMs()),
                    "eachMain",
                    each(b.eachMainMs()),
                    "ratio",
                    queued ? times(f.mainRatio(b)) : "—",
                    "cutShort",
                    queued ? Format.count(b.cutShort()) + " of " + Format.count(b.started()) : "—",
                    "drained",
                    !queued ? "—" : b.drainedMs() == null ? "not emptied" : num(b.drainedMs()),
                    "eachDrained",
                    queued ? each(b.eachDrainedMs()) : "—",
                    "left",
                    Format.count(b.left()),
                    "rejected",
                    Format.count(b.rejected()),
                    "delivered",
                    !queued || b.probeAnswered() == null ? "—" : b.probeAnswered()));
            if (b.error() != null) {
                failures.add(map("events", Format.count(b.events()), "error", b.error()));
            }
            left += b.left() == null ? 0 : b.left();
            rejected += b.rejected() == null ? 0 : b.rejected();
            undelivered |= "false".equals(b.probeAnswered());
        }
        Map<String, Object> target = inboxBacklogTarget();
        InboxBacklogResults.Backlog judged = f.backlog(INBOX_BACKLOG_EVENTS);
        InboxBacklogResults.Backlog largest = f.largest();
        Map<String, Object> analysis = null;
        if ("**missed**".equals(target.get("met")) && judged != null && judged.mainMs() != null) {
            // a backlog that start-up took whole in every JVM, and that still held main back more than the budget
            InboxBacklogResults.Backlog uncut = f.backlogs().stream()
                    .filter(b -> b.events() > 0 && b.cutShort() != null && b.cutShort() == 0)
                    .filter(b -> f.addedMs(b) != null && f.addedMs(b) > START_UP_INGEST_MS)
                    .reduce((a, b) -> b)
                    .orElse(null);
            analysis = map(
                    "events",
                    Format.count(judged.events()),
                    "cutShort",
                    Format.count(judged.cutShort()),
                    "started",
                    Format.count(judged.started()),
                    "added",
                    num(f.addedMs(judged)),
                    "uncut",
                    uncut == null
                            ? null
                            : map("uncutEvents", Format.count(uncut.events()), "uncutAdded", num(f.addedMs(uncut))));
        }
        Map<String, Object> c = figure(
                f.status(),
                map(
                        "rounds",
                        Format.count(f.rounds()),
                        "rows",
                        rows,
                        "failures",
                        failures,
                        "anyFailure",
                        !failures.isEmpty(),
                        "target",
                        judged == null || judged.mainMs() == null ? null : backlogResult(f, judged, target),
                        "largest",
                        largest == null || largest == judged || largest.mainMs() == null
                                ? null
                                : backlogResult(f, largest, null),
                        "clean",
                        f.clean(),
                        "left",
                        Format.count(left),
                        "rejected",
                        Format.count(rejected),
                        "undelivered",
                        undelivered,
                        "analysis",
                        analysis,
                        "loadBefore",
                        text(f.loadBefore()),
                        "loadAfter",
                        text(f.loadAfter())));
        // the agent's budget, which the figure's description states whether or not it was measured
        c.put("budget", num(START_UP_INGEST_MS));
        return c;
    }

    /** One backlog's result for the figure's sentence; with the target's verdict when it is the judged one. */
    private Map<String, Object> backlogResult(
            InboxBacklogResults f, InboxBacklogResults.Backlog b, Map<String, Object> target) {
        return map(
                "events",
                Format.count(b.events()),
                "added",
                num(f.addedMs(b)),
                "ratio",
                times(f.mainRatio(b)),
                "drained",
                b.drainedMs() == null ? null : num(b.drainedMs()),
                "bound",
                target == null ? null : num(inboxBacklogBound()),
                "met",
                target == null ? null : target.get("met"));
    }

    private static Map<String, Object> compactionRow(HistoryResults.Run run) {
        return map(
                "retention",
                text(run.retention()),
                "count",
                Format.count(run.count()),
                "p50",
                num(run.p50Us()),
                "p99",
                num(run.p99Us()),
                "p999",
                num(run.p999Us()),
                "max",
                num(run.maxUs()),
                "windowSigns",
                Format.count(run.windowSigns()),
                "runSigns",
                Format.count(run.runSigns()),
                "windowStartMb",
                num(run.windowStartMb()),
                "windowEndMb",
                num(run.windowEndMb()));
    }

    /** @return {@code a * b}, or null if either is unknown */
    private static Double product(Double a, Double b) {
        return a == null || b == null ? null : a * b;
    }

    /** Bytes as MB for the report. */
    private static String mb(Double bytes) {
        return num(div(bytes, 1048576.0));
    }

    /** A list of values as a run wrote it ("1305.3, 942.4"), each formatted as the report prints numbers. */
    private static String each(String list) {
        if (list == null) {
            return Format.NOT_AVAILABLE;
        }
        List<String> out = new ArrayList<>();
        for (String v : list.split(",")) {
            out.add(num(Format.firstNumber(v)));
        }
        return String.join(", ", out);
    }

    /** Text inside a table cell: a bar would end the cell. */
    private static String cell(String text) {
        return text.replace('|', '/');
    }

    private static Map<String, Object> spanRow(String what, BranchResults.Span s, Double floor) {
        return map(
                "what",
                what,
                "p50",
                num(s.p50Us()),
                "p99",
                num(s.p99Us()),
                "mean",
                num(s.meanUs()),
                "syncs",
                s.writesPerSpan() == null ? "—" : num(s.writesPerSpan()),
                "ratio",
                times(div(s.p50Us(), floor)));
    }

    private static Map<String, Object> replayRow(String what, BranchResults.Span s, Double calls) {
        return map(
                "what",
                what,
                "p50",
                num(s.p50Us()),
                "p99",
                num(s.p99Us()),
                "mean",
                num(s.meanUs()),
                "perCall",
                num(div(s.p50Us(), calls)));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
