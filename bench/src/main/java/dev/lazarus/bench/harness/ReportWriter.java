package dev.lazarus.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the results of one run into bench/REPORT.md: machine, targets as ratios, then every figure. */
final class ReportWriter {
    private final Map<String, String> r;
    private final StringBuilder sb = new StringBuilder();

    ReportWriter(Map<String, String> r) {
        this.r = r;
    }

    // ---- access ------------------------------------------------------------------------------------------

    Double d(String key) {
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

    /** A number with sensible precision, or "n/a". */
    String f(String key) {
        return num(d(key));
    }

    static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static Double div(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    static String x(Double ratio) {
        return ratio == null ? "n/a" : num(ratio) + "×";
    }

    String s(String key) {
        String v = r.get(key);
        return v == null || v.isEmpty() ? "n/a" : v;
    }

    void line(String text) {
        sb.append(text).append('\n');
    }

    void row(Object... cells) {
        StringBuilder b = new StringBuilder("|");
        for (Object c : cells) {
            b.append(' ').append(c).append(" |");
        }
        line(b.toString());
    }

    void header(String... cells) {
        row((Object[]) cells);
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            b.append("---|");
        }
        line(b.toString());
    }

    /** Prints the figure's error or skip note, if any; returns whether the figure has no data. */
    boolean problem(int n) {
        String skipped = r.get("f" + n + ".skipped");
        if (skipped != null) {
            line("_Not measured in this run: " + skipped + "._");
            line("");
            return true;
        }
        String err = r.get("f" + n + ".error");
        if (err != null) {
            line("**This figure failed in this run:** `" + err + "` (the child's output is in `" + s("work")
                    + "/logs`).");
            line("");
            return true;
        }
        return false;
    }

    // ---- the report ----------------------------------------------------------------------------------------

    String write() {
        line("# Lazarus performance report");
        line("");
        line("Written by `bench/run.sh` (profile **" + s("profile") + "**, " + s("wall_s") + " s) on " + s("date")
                + ". Every figure below comes from this one run; every ratio compares figures measured side by side"
                + " in it. Figures are single runs on a shared machine, not averages over days: read differences"
                + " under ~10% as noise.");
        if (!s("note").equals("n/a")) {
            line("");
            line("Run notes: " + s("note"));
        }
        line("");
        machine();
        targets();
        figure1();
        figure2();
        figure3();
        figure4();
        figure5();
        figure6();
        figure7();
        figure8();
        figure9();
        method();
        return sb.toString();
    }

    void machine() {
        line("## Machine");
        line("");
        header("", "");
        row("cores", s("cores"));
        row("memory", s("memory"));
        row("disk (journal directory)", s("disk") + "; " + s("disk.device"));
        row("file system options", s("mount"));
        row("virtualisation", s("virt"));
        row("kernel", s("kernel"));
        row("JDK (every child JVM unless noted)", s("jdk"));
        if (!s("jdk25").equals("n/a")) {
            row("second JDK (figure 5)", s("jdk25"));
        }
        row("load before the run", "`" + s("load.before") + "`");
        row("load after the run", "`" + s("load.after") + "`");
        row("scratch directory", "`" + s("work") + "`");
        line("");
        line("The machine is shared with other builds: the load averages above say how busy it was. Child JVMs run"
                + " with `-Xms1g -Xmx1g -XX:+UseG1GC`.");
        line("");
        Double before = load1(s("load.before"));
        Double after = load1(s("load.after"));
        Double cores = d("cores") != null ? d("cores") : firstNumber(s("cores"));
        if (cores != null && ((before != null && before > cores) || (after != null && after > cores))) {
            line("**This run shared the CPUs:** the 1-minute load average was " + num(before) + " at the start and "
                    + num(after) + " at the end on " + cores.intValue() + " cores (the benchmarks' own threads count too:"
                    + " figure 3 runs up to 256 of them, mostly waiting for syncs). Latency percentiles, replay and"
                    + " recovery times and the JMH ratios of figure 6 are then pessimistic and vary between runs"
                    + " (each figure lists its repetitions); throughput under group commit suffers least.");
            line("");
        }
    }

    // ---- targets ------------------------------------------------------------------------------------------------

    void targets() {
        line("## Targets");
        line("");
        header("target", "measured in this run", "ratio", "met?");
        Double floor = fsyncFloor();
        Double jmhFloor = d("f1.floor.appendFdatasync.p50_us");
        Double fsync = d("f2.fsync.call.p50_us");
        Double r1 = div(fsync, floor);
        Double r1b = div(fsync, jmhFloor);
        // judged on the stricter of the two floors measured in this run: a disturbed floor must not flatter the ratio;
        // the cast keeps the conditional boxed (a bare Math.max would unbox a null r1b when --only skips figures 1 and 2)
        Double strict = r1 == null ? r1b : r1b == null ? r1 : (Double) Math.max(r1, r1b);
        row("`fsync`, single execution: ≤ 1.3 × the fsync floor per journaled call (p50)",
                num(fsync) + " µs per call; floor " + num(floor) + " µs in the same JVM (minutes apart from figure 1's "
                        + num(jmhFloor) + " µs)", x(r1) + " of the same-JVM floor, " + x(r1b) + " of figure 1's",
                met(strict, 1.3, true) + (r1 != null && r1b != null && (r1 <= 1.3) != (r1b <= 1.3)
                        ? " (judged on the stricter ratio)" : ""));
        Double proc = d("f2.process.call.p50_us");
        row("`process`: ≤ 8 µs per journaled call (p50)", num(proc) + " µs", x(div(proc, 8.0)) + " of the target",
                met(proc, 8.0, true));
        Double async = d("f2.async.call.p50_us");
        row("`async`: ≤ 3 µs per journaled call (p50)", num(async) + " µs", x(div(async, 3.0)) + " of the target",
                met(async, 3.0, true));
        Double c64 = d("f3.agent.64.calls_per_s");
        row("≥ 20,000 journaled calls/s, 64 concurrent executions, `fsync`, " + coresShort(),
                num(c64) + " calls/s", x(div(c64, 20000.0)) + " of the target", met(c64, 20000.0, false));
        Double replay = d("f4.per_call_us.median");
        row("replay ≤ 2 µs per journaled call (" + f("f4.calls") + " calls)", num(replay) + " µs",
                x(div(replay, 2.0)) + " of the target", met(replay, 2.0, true));
        Double rec17 = recoveryMs("17");
        row("10,000 unfinished executions resumed within 2 s of the journal opening (JDK 17)",
                recoveryText("17"), x(div(rec17, 2000.0)) + " of the target", count5() ? met(rec17, 2000.0, true)
                        : "not comparable (" + f("f5.count") + " executions)");
        if (r.containsKey("f5.jdk25.resumed")) {
            Double rec25 = recoveryMs("25");
            row("… the same on JDK 25 (virtual threads)", recoveryText("25"), x(div(rec25, 2000.0)) + " of the target",
                    count5() ? met(rec25, 2000.0, true) : "not comparable");
        }
        Double worst = worstNonDurable();
        row("non-durable code within 2% of no agent (worst of 3 loops)", worst == null ? "n/a"
                        : String.format(Locale.ROOT, "%+.1f%%", (worst - 1) * 100), x(worst), met(worst, 1.02, true));
        Double dbos = d("f8.dbos.step.p50_us");
        Double rd = div(dbos, fsync);
        row("≥ 10× cheaper per step than DBOS, same disk, same durability (single execution, p50)",
                dbos == null ? "DBOS not measured" : "DBOS " + num(dbos) + " µs vs Lazarus " + num(fsync) + " µs",
                x(rd) + " cheaper", met(rd, 10.0, false));
        Double dbosC = d("f8.dbos.concurrent.steps_per_s");
        Double rc = div(c64, dbosC);
        row("… the same under concurrency (64 at once, throughput)", dbosC == null ? "DBOS not measured"
                : "DBOS " + num(dbosC) + " steps/s vs Lazarus " + num(c64) + " calls/s", x(rc) + " cheaper",
                met(rc, 10.0, false));
        line("");
        line("Why each missed target is missed, with the evidence, is under \"Analysis\" at the end of the figure"
                + " that measures it.");
        line("");
    }

    /** The 1-minute load average in an {@code uptime} line. */
    static Double load1(String uptime) {
        int i = uptime.indexOf("load average:");
        if (i < 0) {
            return null;
        }
        return firstNumber(uptime.substring(i + 13));
    }

    static Double firstNumber(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?").matcher(text);
        return m.find() ? Double.valueOf(m.group()) : null;
    }

    /** The share (such as "25.2%") of a method in a profile's inclusive or allocation ranking, or "n/a". */
    String share(String prefix, String method) {
        for (int i = 0; i < 12; i++) {
            String v = r.get(prefix + "." + i);
            if (v == null) {
                break;
            }
            int sp = v.indexOf(' ');
            String name = v.substring(sp + 1);
            if (name.endsWith(method) || name.startsWith(method + " ")) {
                return v.substring(0, sp);
            }
        }
        return "n/a";
    }

    /** The fdatasync floor measured in the fsync child itself (before and after its calls), else figure 1's. */
    Double fsyncFloor() {
        Double same = d("f2.fsync.floor.p50_us");
        return same != null ? same : d("f1.floor.appendFdatasync.p50_us");
    }

    Double writeFloor(String mode) {
        Double same = d("f2." + mode + ".floor.p50_us");
        return same != null ? same : d("f1.floor.appendNoSync.p50_us");
    }

    boolean count5() {
        Double c = d("f5.count");
        return c != null && c >= 10_000;
    }

    String coresShort() {
        String c = s("cores");
        int sp = c.indexOf(' ');
        return (sp > 0 ? c.substring(0, sp) : c) + " cores";
    }

    Double recoveryMs(String jdk) {
        Double v = d("f5.jdk" + jdk + ".opened_to_resumed_ms");
        return v != null ? v : d("f5.jdk" + jdk + ".start_to_resumed_ms");
    }

    String recoveryText(String jdk) {
        String p = "f5.jdk" + jdk;
        if (!r.containsKey(p + ".resumed")) {
            return "n/a";
        }
        String opened = r.containsKey(p + ".opened_to_resumed_ms")
                ? f(p + ".opened_to_resumed_ms") + " ms after the journal opened; "
                : "";
        return f(p + ".resumed") + " resumed " + opened + f(p + ".start_to_resumed_ms") + " ms after JVM start";
    }

    static String met(Double v, double target, boolean atMost) {
        if (v == null) {
            return "not measured";
        }
        boolean ok = atMost ? v <= target : v >= target;
        return ok ? "**met**" : "**missed**";
    }

    Double worstNonDurable() {
        Double worst = null;
        for (String b : List.of("computeLoop", "fieldServiceCalls", "constructDurableClass")) {
            Double ratio = div(d("f6.agent." + b + ".score"), d("f6.none." + b + ".score"));
            if (ratio != null && (worst == null || ratio > worst)) {
                worst = ratio;
            }
        }
        return worst;
    }

    // ---- figures --------------------------------------------------------------------------------------------------

    void figure1() {
        line("## 1. The disk's floor");
        line("");
        line("JMH (`DiskFloorBench`, sample mode, one fork) in the journal's parent directory: append 256 bytes to a"
                + " growing file, then `FileChannel.force(false)` (fdatasync); and the same append without a sync."
                + " Files roll over at 64 MiB like journal segments.");
        line("");
        if (problem(1)) {
            return;
        }
        header("operation", "p50 µs", "p90 µs", "p99 µs", "mean µs", "samples");
        for (String[] b : List.of(new String[] {"appendFdatasync", "append 256 B + fdatasync"},
                new String[] {"appendNoSync", "append 256 B, no sync"})) {
            String p = "f1.floor." + b[0];
            row(b[1], f(p + ".p50_us"), f(p + ".p90_us"), f(p + ".p99_us"), f(p + ".score") + " ± " + f(p + ".error"),
                    f(p + ".samples"));
        }
        line("");
    }

    void figure2() {
        line("## 2. One journaled call, single execution, per durability mode");
        line("");
        line("Through the real agent: a child JVM with `-javaagent:lazarus-agent.jar=journal=…,durability=MODE` runs"
                + " a `@Durable` method whose loop calls a field-held service (`Probe.call`, returns a 32-character"
                + " string). The service stamps `System.nanoTime()` on entry; the gap between consecutive calls is the"
                + " whole cost of one journaled call as the body sees it (engine, codec, record, append and its wait,"
                + " the loop). Warm-up executions run first, at once on their own threads (16 of 1,000 calls in `fsync`, 3 of a fifth"
                + " of the measured count otherwise). `total` is the measured execution's wall time (its start"
                + " and finish records included) divided by its calls.");
        line("");
        if (problem(2)) {
            return;
        }
        line("Each mode ran " + s("f2.reps") + " time(s) in separate JVMs; the table shows the run with the median p50"
                + " (all p50s: `fsync` " + s("f2.fsync.reps") + "; `process` " + s("f2.process.reps") + "; `async` "
                + s("f2.async.reps") + " µs). The floor column is measured by the same child right before and right"
                + " after its measured execution, in the journal's parent directory: 256-byte appends with fdatasync for"
                + " `fsync`, without for the others.");
        line("");
        header("mode", "calls", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "mean µs", "total per call µs",
                "floor p50 µs (same JVM)", "p50 ÷ floor", "bytes per record on disk");
        for (String m : List.of("none", "fsync", "process", "async")) {
            String p = "f2." + m;
            boolean none = m.equals("none");
            Double floor = none ? null : m.equals("fsync") ? fsyncFloor() : writeFloor(m);
            row(none ? "no agent (same loop)" : "`" + m + "`", f(p + ".call.count"), f(p + ".call.p50_us"),
                    f(p + ".call.p90_us"), f(p + ".call.p99_us"), f(p + ".call.p999_us"), f(p + ".call.mean_us"),
                    f(p + ".total.per_call_us"), none ? "" : num(floor) + (m.equals("fsync") ? " (fdatasync)" : " (write)"),
                    none ? "" : x(div(d(p + ".call.p50_us"), floor)), none ? "" : f(p + ".journal_bytes_per_record"));
        }
        line("");
        line("Figure 1's floors (JMH, warmed up): fdatasync p50 " + f("f1.floor.appendFdatasync.p50_us")
                + " µs, plain write p50 " + f("f1.floor.appendNoSync.p50_us") + " µs. The same appends against the journal"
                + " alone, without the agent (figure 3's log-level rows, one thread): `fsync` p50 "
                + f("f3.log.fsync.1.append.p50_us") + " µs, `process` " + f("f3.log.process.1.append.p50_us")
                + " µs, `async` " + f("f3.log.async.1.append.p50_us") + " µs.");
        line("");
        analysis2();
    }

    void analysis2() {
        List<String> notes = new ArrayList<>();
        Double fsync = d("f2.fsync.call.p50_us");
        Double floor = fsyncFloor();
        Double logFsync = d("f3.log.fsync.1.append.p50_us");
        Double jmhFloor = d("f1.floor.appendFdatasync.p50_us");
        if (fsync != null && floor != null && (fsync > 1.3 * floor || (jmhFloor != null && fsync > 1.3 * jmhFloor))) {
            Double logFloor = d("f3.log.fsync.1.floor.p50_us");
            Double logRatio = div(logFsync, logFloor);
            notes.add("`fsync` is " + x(div(fsync, floor)) + " the floor measured in the same JVM and " + x(div(fsync,
                    jmhFloor)) + " figure 1's (target 1.3×; runs: "
                    + s("f2.fsync.reps") + " µs). The journal alone, without the agent, appends in " + num(logFsync)
                    + " µs with one thread, " + x(logRatio) + " its own same-JVM floor (" + num(logFloor) + " µs)."
                    + " A lone appender writes and syncs its own record on its own thread (leader/follower group"
                    + " commit: no hand-off to a writer thread; " + f("f3.log.fsync.1.ctx_switches_per_append")
                    + " context switches per append for the journal alone, " + f("f3.agent.1.ctx_switches_per_call")
                    + " per call through the agent, figure 3). The journal syncs with `fsync`, the floor with"
                    + " `fdatasync` (the same cost for appends on this file system, docs/DECISIONS.md). The engine's"
                    + " own work per call is a few µs (the `async` row), so the rest of the gap is"
                    + " the variation of the disk between the floor's minute and the calls' minute.");
        }
        Double proc = d("f2.process.call.p50_us");
        Double logProc = d("f3.log.process.1.append.p50_us");
        Double write = writeFloor("process");
        if (proc != null && proc > 8) {
            notes.add("`process` costs " + num(proc) + " µs (target 8 µs) although a plain write costs " + num(write)
                    + " µs: the journal alone needs " + num(logProc) + " µs per append (its lock, the record's frame and"
                    + " CRC, and one `write` on the appending thread). The engine adds "
                    + num(logProc == null ? null : proc - logProc) + " µs.");
        }
        Double async = d("f2.async.call.p50_us");
        Double logAsync = d("f3.log.async.1.append.p50_us");
        if (async != null && async > 3) {
            notes.add("`async` costs " + num(async) + " µs (target 3 µs); the append itself is " + num(logAsync)
                    + " µs, so " + num(logAsync == null ? null : async - logAsync) + " µs are the engine's (codec, record"
                    + " encoding, index, allocation: see figure 9).");
        }
        if (!notes.isEmpty()) {
            line("**Analysis.**");
            line("");
            for (String n : notes) {
                line("- " + n);
            }
            line("");
        }
    }

    void figure3() {
        line("## 3. Concurrent executions in `fsync` mode: throughput and group commit");
        line("");
        line("Through the agent: C threads, each running executions of 100 journaled calls back to back, for a"
                + " measured window after a warm-up. Records per sync: the holder of the flush token (the appender leading"
                + " the group commit) does one `write` and one `fsync` per batch and nothing else writes during the window, so it is (calls + 2 × executions) ÷ the"
                + " process's write system calls (`/proc/self/io` `syscw`). CPU per call is the whole process's CPU"
                + " time (all threads, writer and GC included) ÷ calls.");
        line("");
        if (problem(3)) {
            return;
        }
        line("Each concurrency level ran " + s("f3.reps") + " time(s) in separate JVMs; the row is the run with the"
                + " median throughput, and the last column lists every run's.");
        line("");
        header("concurrent executions", "journaled calls/s", "records per sync", "syncs/s", "CPU µs per call",
                "of which user / kernel µs", "context switches per call", "bytes allocated per call",
                "calls/s of every run");
        for (int c : new int[] {1, 16, 64, 256}) {
            String p = "f3.agent." + c;
            row(c, f(p + ".calls_per_s"), f(p + ".records_per_sync"), f(p + ".syncs_per_s"), f(p + ".cpu_us_per_call"),
                    f(p + ".user_us_per_call") + " / " + f(p + ".sys_us_per_call"), f(p + ".ctx_switches_per_call"),
                    f(p + ".alloc_bytes_per_call"), s(p + ".reps"));
        }
        line("");
        line("User / kernel CPU: `/proc/self/stat` (10 ms ticks); context switches: voluntary + involuntary of all"
                + " the process's threads (`/proc/self/task/*/status`); bytes allocated: HotSpot's per-thread counters"
                + " of the execution threads (the journal's writer thread is not included); all over the window ÷ calls.");
        line("");
        line("The journal alone (no agent, `LogThroughput`): T threads appending records of " + s("f3.log.record_bytes")
                + " bytes (a journaled call's record payload as measured in figure 2); writes and syncs counted"
                + " exactly by a `LogFileOpener` wrapper around the standard one.");
        line("");
        header("mode, threads", "appends/s", "records per sync", "append p50 µs (thread 0)", "append p99 µs",
                "floor p50 µs (same JVM)", "CPU µs per append", "of which user / kernel µs",
                "context switches per append");
        for (int c : new int[] {1, 16, 64, 256}) {
            String p = "f3.log.fsync." + c;
            row("`fsync`, " + c, f(p + ".appends_per_s"), f(p + ".records_per_sync"), f(p + ".append.p50_us"),
                    f(p + ".append.p99_us"), f(p + ".floor.p50_us"), f(p + ".cpu_us_per_append"),
                    f(p + ".user_us_per_append") + " / " + f(p + ".sys_us_per_append"), f(p + ".ctx_switches_per_append"));
        }
        for (String m : List.of("process", "async")) {
            String p = "f3.log." + m + ".1";
            row("`" + m + "`, 1", f(p + ".appends_per_s"), "", f(p + ".append.p50_us"), f(p + ".append.p99_us"),
                    f(p + ".floor.p50_us"), f(p + ".cpu_us_per_append"),
                    f(p + ".user_us_per_append") + " / " + f(p + ".sys_us_per_append"), f(p + ".ctx_switches_per_append"));
        }
        line("");
        Double c64 = d("f3.agent.64.calls_per_s");
        Double cpu = d("f3.agent.64.cpu_us_per_call");
        Double log64 = d("f3.log.fsync.64.appends_per_s");
        if (c64 != null) {
            line("**Analysis.** " + num(c64) + " calls/s with 64 executions is " + x(div(c64, 20000.0))
                    + " the 20,000 target; group commit puts " + f("f3.agent.64.records_per_sync") + " records in each"
                    + " sync. The journal alone sustains " + num(log64) + " appends/s with 64 threads. At this level the"
                    + " limit is CPU, not the disk: " + num(cpu) + " µs per journaled call (" + f("f3.agent.64.user_us_per_call")
                    + " user, " + f("f3.agent.64.sys_us_per_call") + " kernel), and 2 cores give at most "
                    + num(div(2e6, cpu)) + " calls/s at that cost. Most of it is the kernel's: each call but the leader's"
                    + " parks its thread until the leader's sync and is woken after it (" + f("f3.agent.64.ctx_switches_per_call")
                    + " context switches per call; the journal alone pays " + f("f3.log.fsync.64.sys_us_per_append")
                    + " µs of kernel time and " + f("f3.log.fsync.64.ctx_switches_per_append") + " switches per append)."
                    + " See figure 9 (b) for the user part.");
            line("");
        }
    }

    void figure4() {
        line("## 4. Replay");
        line("");
        line("A child JVM (`durability=process`) records one execution of " + f("f4.calls") + " journaled calls and is"
                + " halted (`Runtime.halt`) inside its last call. A new JVM (`durability=fsync`, `recover=manual`) calls"
                + " the method with the same key: the execution resumes, every recorded call is answered from the"
                + " journal and the last one runs live. Timed from the call to its return (the resume record, the"
                + " replay and the final live call with its two fsyncs); `live` counts calls that really ran again"
                + " (must be 0). Journal open is the agent's premain scan of the journal (JVM start to the agent's"
                + " \"unfinished execution(s) found\" log line).");
        line("");
        if (problem(4)) {
            return;
        }
        header("run", "journal MB", "record s", "journal open ms", "replay ms", "µs per replayed call", "live calls");
        for (int i = 0; i < 5; i++) {
            String p = "f4.rep" + i;
            if (!r.containsKey(p + ".replay_ms")) {
                continue;
            }
            row(i + 1, s("f4.journal_mb." + i), s("f4.record_s." + i), f(p + ".open_ms"), f(p + ".replay_ms"),
                    f(p + ".per_call_us"), s(p + ".live_calls"));
        }
        line("");
        line("Median: **" + f("f4.per_call_us.median") + " µs per replayed call**.");
        line("");
        Double replay = d("f4.per_call_us.median");
        if (replay != null && replay > 2) {
            line("**Analysis.** Replay costs " + num(replay) + " µs per call (target 2 µs; runs: "
                    + runs4() + " µs). The replay profile (figure 9 (c)) splits a replayed call into decoding the"
                    + " recorded value with Kryo (`ValueCodec.decode`, " + share("f9c.incl", "ValueCodec.decode")
                    + " of the replaying thread's samples) and, as much again, re-encoding the call's arguments with Kryo"
                    + " to compare their digest with the recorded one (`Engine.argumentsDigest`, "
                    + share("f9c.incl", "Engine.argumentsDigest") + "), each through the Kryo pool's soft-reference"
                    + " queue; the steps themselves were decoded when the journal was opened. The JIT has only the"
                    + " replay itself to warm up on, and the runs vary with the machine's load.");
            line("");
        }
    }

    String runs4() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String v = r.get("f4.rep" + i + ".per_call_us");
            if (v != null) {
                b.append(b.length() == 0 ? "" : ", ").append(num(Double.parseDouble(v)));
            }
        }
        return b.toString();
    }

    void figure5() {
        line("## 5. Recovery");
        line("");
        line("A child JVM (`durability=process`, `recover=manual`) starts " + f("f5.count") + " executions, one thread"
                + " each; each makes one journaled call and blocks in its second, and the JVM is halted once all are"
                + " blocked. The next JVM (`durability=fsync`, `recover=auto`) constructs one instance of the class,"
                + " which schedules every unfinished execution; each replays its first call and reaches its second"
                + " live (resumed), then finishes (completed: checked by calling the method again for every key, which"
                + " waits for or returns each outcome). The journal-open time is the time stamp of the agent's"
                + " \"unfinished execution(s) found\" log line, written right after it opened the journal.");
        line("");
        if (problem(5)) {
            return;
        }
        header("JDK", "executions resumed", "JVM start → journal open ms", "journal open → all resumed ms",
                "journal open → all completed ms", "JVM start → all resumed ms", "live replays");
        for (String jdk : List.of("17", "25")) {
            String p = "f5.jdk" + jdk;
            if (!r.containsKey(p + ".resumed")) {
                continue;
            }
            row(s(p + ".version"), f(p + ".resumed"), f(p + ".open_ms"), f(p + ".opened_to_resumed_ms"),
                    f(p + ".opened_to_completed_ms"), f(p + ".start_to_resumed_ms"), s(p + ".live_calls"));
        }
        line("");
        line("On JDK 17 the agent resumes each execution on a daemon platform thread from a cached pool; on JDK 21+"
                + " on a virtual thread. Each resumed execution appends a resume record, a step and a finish record,"
                + " all in `fsync` mode, shared by group commit.");
        line("");
        Double r17 = recoveryMs("17");
        Double r25 = recoveryMs("25");
        if (count5() && r17 != null && r17 > 2000) {
            line("**Analysis.** On JDK 17 the " + f("f5.count") + " executions were all running again " + num(r17)
                    + " ms after the journal opened, " + x(div(r17, 2000.0)) + " the 2 s target"
                    + (r25 == null ? "." : "; on JDK 25 it took " + num(r25) + " ms.") + " Every resumed execution"
                    + " blocks in `fsync` waits (its resume record, then its next step), so the JDK 17 executor starts"
                    + " one new platform thread per execution: " + f("f5.count") + " thread creations (their stacks,"
                    + " their scheduling on 2 cores) stand between the journal and the last resume, where JDK 21+"
                    + " parks virtual threads instead. The creating child shows the same cost: "
                    + f("f5.jdk17.create_ms") + " ms to start and block " + f("f5.count") + " threads on JDK 17.");
            line("");
        }
    }

    void figure6() {
        line("## 6. The agent's cost on code that is not durable");
        line("");
        line("JMH (`NonDurableBench`, average time, one fork each) run once in a JVM without the agent and once with"
                + " `-javaagent:lazarus-agent.jar`: a compute loop in a plain class; a non-durable method of a class"
                + " that declares a `@Durable` method, calling a field-held service 16 times (the shape that is"
                + " journaled inside a durable body); constructing an instance of that class (whose constructors the"
                + " agent hooks for recovery).");
        line("");
        if (problem(6)) {
            return;
        }
        int rounds = d("f6.rounds") == null ? 1 : d("f6.rounds").intValue();
        line("Rounds: " + rounds + " (no agent, agent, no agent, agent, …, each a fresh JVM); the ratio compares the"
                + " means over the rounds; ± is JMH's 99.9% confidence half-width of each round.");
        line("");
        header("loop", "round", "no agent ns/op", "with agent ns/op", "agent ÷ no agent");
        for (String b : List.of("computeLoop", "fieldServiceCalls", "constructDurableClass")) {
            for (int i = 0; i < rounds; i++) {
                String p = "f6.r" + i;
                row("`" + b + "`", i + 1, f(p + ".none." + b + ".score") + " ± " + f(p + ".none." + b + ".error"),
                        f(p + ".agent." + b + ".score") + " ± " + f(p + ".agent." + b + ".error"),
                        x(div(d(p + ".agent." + b + ".score"), d(p + ".none." + b + ".score"))));
            }
            row("`" + b + "`", "**mean**", f("f6.none." + b + ".score"), f("f6.agent." + b + ".score"),
                    "**" + x(div(d("f6.agent." + b + ".score"), d("f6.none." + b + ".score"))) + "**");
        }
        line("");
        line("A difference inside the ± of both is noise, not cost.");
        line("");
        Double worst = worstNonDurable();
        if (worst != null && worst > 1.02) {
            StringBuilder each = new StringBuilder();
            for (String b : List.of("computeLoop", "fieldServiceCalls", "constructDurableClass")) {
                each.append(each.length() == 0 ? "" : ", ").append('`').append(b).append("` ")
                        .append(x(div(d("f6.agent." + b + ".score"), d("f6.none." + b + ".score"))));
            }
            line("**Analysis.** Per loop: " + each + ". Methods that are not durable keep their bytecode: a loop"
                    + " within the ± of both runs is noise (single JMH forks on this shared 2-core machine vary by more"
                    + " than 2%). Constructing an instance of a class that declares durable instance methods runs one more"
                    + " instruction in the bytecode: the agent ends its constructors with an `invokedynamic` hook (for recovery: the first"
                    + " instance of the class resumes its unfinished executions). While recovery waits for such an"
                    + " instance the hook calls the engine; otherwise, as here (the journal holds nothing for the class),"
                    + " it is linked to a no-op (after recovery, through an invalidated `SwitchPoint`) that the JIT"
                    + " inlines to nothing, so a difference is noise.");
            line("");
        }
    }

    void figure7() {
        line("## 7. Baseline: MapDB 3.1.0");
        line("");
        line("The same 256-byte records, keyed by sequence number, in a MapDB `treeMap` opened with"
                + " `DBMaker.fileDB(…).transactionEnable()` in the journal's parent directory (Guava pinned to 33.4.8,"
                + " Kotlin stdlib to 2.4.0, Eclipse Collections to 10.4.0). Each commit syncs MapDB's write-ahead log.");
        line("");
        if (problem(7)) {
            return;
        }
        header("MapDB", "p50 µs", "p99 µs", "mean µs", "per record µs", "vs Lazarus");
        Double lazFsync = d("f2.fsync.call.p50_us");
        row("put + commit per record", f("f7.commit_per_record.p50_us"), f("f7.commit_per_record.p99_us"),
                f("f7.commit_per_record.mean_us"), f("f7.commit_per_record.total_per_record_us"),
                x(div(d("f7.commit_per_record.p50_us"), lazFsync)) + " Lazarus `fsync` p50 per call");
        Double perRec = d("f7.commit_per_batch.per_record_us");
        Double c64 = d("f3.agent.64.calls_per_s");
        row("64 puts + one commit (per batch)", f("f7.commit_per_batch.p50_us"), f("f7.commit_per_batch.p99_us"),
                f("f7.commit_per_batch.mean_us"), num(perRec), x(perRec == null || c64 == null ? null
                        : perRec / (1e6 / c64)) + " Lazarus per call, 64 executions");
        line("");
    }

    void figure8() {
        line("## 8. Peers");
        line("");
        line("### DBOS Transact for Java on PostgreSQL");
        line("");
        String dbosErr = r.get("f8.dbos.error");
        if (problem(8)) {
            return;
        }
        if (dbosErr != null) {
            line("**Not measured:** " + dbosErr);
            line("");
        } else {
            line("`dev.dbos:transact` " + s("f8.dbos.version") + " with PostgreSQL " + s("pg.version") + " started by"
                    + " `bench/run.sh` as an unprivileged user with its data directory on the same disk as the journal,"
                    + " default settings (`fsync=on`, `synchronous_commit=on`, `wal_sync_method=fdatasync`): a step is"
                    + " durable when its checkpoint committed, as a journaled call is in `durability=fsync`. A workflow"
                    + " calls the same `Probe.call` in each of its steps (`dbos.runStep`), measured the same way (gaps"
                    + " between consecutive calls). DBOS's connection pool and other settings are its defaults.");
            line("");
            header("", "DBOS per step", "Lazarus `fsync` per call", "Lazarus cheaper by");
            Double lz = d("f2.fsync.call.p50_us");
            row("single execution, p50 µs", f("f8.dbos.step.p50_us"), num(lz), x(div(d("f8.dbos.step.p50_us"), lz)));
            row("single execution, p99 µs", f("f8.dbos.step.p99_us"), f("f2.fsync.call.p99_us"),
                    x(div(d("f8.dbos.step.p99_us"), d("f2.fsync.call.p99_us"))));
            row("single execution, total per step µs", f("f8.dbos.total.per_step_us"), f("f2.fsync.total.per_call_us"),
                    x(div(d("f8.dbos.total.per_step_us"), d("f2.fsync.total.per_call_us"))));
            Double dc = d("f8.dbos.concurrent.steps_per_s");
            Double lc = d("f3.agent.64.calls_per_s");
            row(s("f8.dbos.concurrent.workflows") + " at once (" + s("f8.dbos.concurrent.steps_per_workflow")
                    + " steps each vs 100), steps/s", f("f8.dbos.concurrent.steps_per_s"), num(lc), x(div(lc, dc)));
            line("");
            Double rd = div(d("f8.dbos.step.p50_us"), lz);
            if (rd != null && rd < 10) {
                Double dbos = d("f8.dbos.step.p50_us");
                Double floor = fsyncFloor();
                line("**Analysis.** In one execution both are bound by the disk's sync: a step may not return before"
                        + " its record is on disk, so neither can cost less than one sync per step. Lazarus pays one"
                        + " `fsync` of its own log per call, " + x(div(lz, floor)) + " the floor measured in the same"
                        + " JVM (" + num(floor) + " µs); DBOS pays PostgreSQL's commit (a WAL flush) plus JDBC round"
                        + " trips, " + num(dbos) + " µs, " + x(div(dbos, floor)) + " that floor. So even a journaled"
                        + " call that cost nothing but its sync would be at most " + x(div(dbos, floor)) + " cheaper"
                        + " on this disk; 10× would need a call at " + num(dbos == null ? null : dbos / 10)
                        + " µs, less than one sync, which only a weaker durability gives (`process`: "
                        + f("f2.process.call.p50_us") + " µs, " + x(div(dbos, d("f2.process.call.p50_us")))
                        + " cheaper, but it survives a crash of the process, not of the machine). Measured: "
                        + x(rd) + ". Under concurrency group commit shares each sync among many executions, and"
                        + " the ratio is the throughput row's.");
                line("");
            }
        }
        line("### Temporal (in-memory test server: the lower bound)");
        line("");
        String tErr = r.get("f8.temporal.error");
        if (tErr != null) {
            line("**Not measured:** " + tErr);
            line("");
        } else {
            line("`io.temporal:temporal-testing` `TestWorkflowEnvironment` (in-process server, in-memory, no"
                    + " persistence, no network): a workflow whose activities each call `Probe.call`. Real clusters add"
                    + " a network round trip and a database write per event, so this is what Temporal costs at least.");
            line("");
            header("", "Temporal per activity", "Lazarus `fsync` per call", "Lazarus `process` per call");
            row("p50 µs", f("f8.temporal.activity.p50_us"), f("f2.fsync.call.p50_us"), f("f2.process.call.p50_us"));
            row("p99 µs", f("f8.temporal.activity.p99_us"), f("f2.fsync.call.p99_us"), f("f2.process.call.p99_us"));
            row("ratio (p50)", "1×", x(div(d("f8.temporal.activity.p50_us"), d("f2.fsync.call.p50_us"))) + " cheaper",
                    x(div(d("f8.temporal.activity.p50_us"), d("f2.process.call.p50_us"))) + " cheaper");
            line("");
        }
    }

    void figure9() {
        if (!r.containsKey("f9a.samples") && !r.containsKey("f9.error") && !r.containsKey("f9.skipped")) {
            return;
        }
        line("## 9. Where the time goes (Java Flight Recorder)");
        line("");
        line("Figure 3's child again with JFR (`settings=profile`, Java sampling every 1 ms), " + s("f9.seconds") + " s measured: (a) one"
                + " execution at a time in `async` mode, the engine's own cost per call with nothing waiting for the"
                + " disk; (b) 64 executions in `fsync` mode, what limits throughput; (c) figure 4's replay. Execution"
                + " samples of the"
                + " execution threads by innermost frame (self) and by Lazarus method anywhere on the stack"
                + " (inclusive); allocation samples by nearest Lazarus frame, weighted by JFR's sampled bytes. JFR"
                + " samples threads running Java code only (not threads parked or inside `fdatasync`).");
        line("");
        if (problem(9)) {
            return;
        }
        for (String[] p : List.of(new String[] {"f9a", "(a) `async`, 1 execution"},
                new String[] {"f9b", "(b) `fsync`, 64 executions"},
                new String[] {"f9c", "(c) replay of " + f("f9c.calls") + " calls (the resuming JVM's main thread)"})) {
            if (!r.containsKey(p[0] + ".samples")) {
                continue;
            }
            line("### " + p[1]);
            line("");
            if (p[0].equals("f9c")) {
                line(f("f9c.run.per_call_us") + " µs per replayed call (with JFR on); samples: " + s("f9c.samples")
                        + " on the replaying thread of " + s("f9c.all_samples") + " (the whole JVM, start-up and the"
                        + " journal scan included), " + s("f9c.alloc_samples") + " allocation samples.");
            } else {
                line(f(p[0] + ".run.calls_per_s") + " calls/s, " + f(p[0] + ".run.cpu_us_per_call") + " µs CPU and "
                        + f(p[0] + ".run.alloc_bytes_per_call") + " bytes allocated per call (with JFR on); samples: "
                        + s(p[0] + ".samples") + " on execution threads of " + s(p[0] + ".all_samples") + ", "
                        + s(p[0] + ".alloc_samples") + " allocation samples.");
            }
            line("");
            table9(p[0] + ".threads", "thread (all execution samples)", "share of samples");
            table9(p[0] + ".self", "innermost frame (self)", "share of samples");
            table9(p[0] + ".incl", "Lazarus method on the stack (inclusive)", "share of samples");
            table9(p[0] + ".alloc", "nearest Lazarus frame → allocated type", "share of sampled bytes");
        }
    }

    void table9(String prefix, String title, String unit) {
        header(title, unit);
        for (int i = 0; i < 12; i++) {
            String k = prefix + "." + i;
            if (!r.containsKey(k)) {
                break;
            }
            String v = r.get(k);
            int sp = v.indexOf(' ');
            row("`" + v.substring(sp + 1) + "`", v.substring(0, sp));
        }
        line("");
    }

    void method() {
        line("## How to reproduce");
        line("");
        line("`bench/run.sh` (builds the agent and this module with `-Ppeers`, starts PostgreSQL as an unprivileged"
                + " user on the same disk, runs every figure, writes this file); `bench/run.sh --quick` for tiny counts;"
                + " `--only=2,3` for some figures. The raw numbers of this run are in `REPORT.properties` next to this file"
                + " (`BenchMain --render=bench/REPORT.properties` writes this report again from them); every child's"
                + " command line and output stay in `" + s("work") + "/logs` until the next run or `mvn clean`.");
        line("");
    }
}
