package dev.lazarus.it.reliability;

import dev.lazarus.it.apps.reliability.CrashLoopApp;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The crash loop (RELIABILITY.md §1): a child JVM runs rounds of concurrent durable pipelines
 * ({@link CrashLoopApp}) whose outside calls write a ledger; this driver kills it with SIGKILL at random moments
 * (seeded), restarts it on the same journal ({@code recover=auto}), checks the ledger's invariants
 * ({@link LedgerChecker}) after every kill, runs {@code verify} on the journal every few kills, and at the end of
 * each journal's series lets the last round finish and checks every result.
 *
 * <p>A <em>series</em> is one journal and one ledger; a long run has several, so recovery times are measured
 * over a range of journal sizes. By default the child keeps its journal's history ({@code retention} of 7 days);
 * with {@link Config#agentOptions} such as {@code retention=3s,segmentSize=4k} the agent compacts in the
 * background while it is killed, and the run counts what compaction reclaimed ({@link Result#segmentsReclaimed}).
 * A finished pipeline that retention expired and that a restart calls again under its key legitimately runs
 * again: {@link LedgerChecker} accepts that only when its first new step comes {@code retention} or more after
 * its earlier publish (see {@link LedgerChecker#LedgerChecker(Path, int, long)}).
 *
 * <p>A kill cycle counts as failed if anything in it is wrong: an invariant broken, the journal refused or
 * reported corrupt by {@code verify}, the child exiting by itself, or an error line on its stderr.
 */
final class CrashLoop {
    /** The knobs; {@link #fromSystemProperties()} reads them as {@code it.crash.*}. */
    static final class Config {
        long seed = System.nanoTime();
        int kills = 200;
        int killsPerJournal = 200;
        int pipelines = 6;
        int steps = 6;
        /** After {@code MAIN-START}, the kill comes uniformly within this many ms. */
        int workWindowMillis = 600;
        /** This share of kills comes at a random moment of start-up instead (agent start, journal scan, recovery). */
        double startupKillShare = 0.2;
        /** Restarts call their pipelines at once or after up to this many ms (automatic recovery runs alone). */
        int maxCallDelayMillis = 200;

        int verifyEvery = 10;
        int stepMicros = 1500;
        String durability = "fsync";
        /**
         * More agent options for the child, comma-separated ({@code retention=3s,segmentSize=4k}); empty for the
         * defaults (nothing expires within a run).
         */
        String agentOptions = "";

        Path dir;
        PrintStream log = System.out;
        boolean keepPassingSeries;

        static Config fromSystemProperties() {
            Config c = new Config();
            c.seed = Long.getLong("it.crash.seed", c.seed);
            c.kills = Integer.getInteger("it.crash.kills", c.kills);
            c.killsPerJournal = Integer.getInteger("it.crash.killsPerJournal", c.killsPerJournal);
            c.pipelines = Integer.getInteger("it.crash.pipelines", c.pipelines);
            c.steps = Integer.getInteger("it.crash.steps", c.steps);
            c.workWindowMillis = Integer.getInteger("it.crash.workWindowMillis", c.workWindowMillis);
            c.startupKillShare = Double.parseDouble(
                    System.getProperty("it.crash.startupKillShare", String.valueOf(c.startupKillShare)));
            c.maxCallDelayMillis = Integer.getInteger("it.crash.maxCallDelayMillis", c.maxCallDelayMillis);
            c.verifyEvery = Integer.getInteger("it.crash.verifyEvery", c.verifyEvery);
            c.stepMicros = Integer.getInteger("it.crash.stepMicros", c.stepMicros);
            c.durability = System.getProperty("it.crash.durability", c.durability);
            c.agentOptions = System.getProperty("it.crash.agentOptions", c.agentOptions);
            return c;
        }

        /** @return the {@code retention} the agent options set, in ms, or {@code Long.MAX_VALUE} if none */
        long retentionMillis() {
            for (String o : agentOptions.split(",")) {
                String t = o.trim();
                if (t.startsWith("retention=")) {
                    return millis(t.substring("retention=".length()));
                }
            }
            return Long.MAX_VALUE;
        }

        private static long millis(String d) {
            Matcher m = Pattern.compile("^(\\d+)(ms|s|m|h|d)$").matcher(d.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("retention=" + d + ": not a duration the crash loop reads");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
        }

        private List<String> agentOptionList() {
            List<String> out = new ArrayList<>();
            for (String o : agentOptions.split(",")) {
                if (!o.isBlank()) {
                    out.add(o.trim());
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "seed=" + seed + " kills=" + kills + " killsPerJournal=" + killsPerJournal + " pipelines="
                    + pipelines
                    + " steps=" + steps + " workWindowMillis=" + workWindowMillis + " startupKillShare="
                    + startupKillShare
                    + " maxCallDelayMillis=" + maxCallDelayMillis + " verifyEvery=" + verifyEvery + " stepMicros="
                    + stepMicros + " durability=" + durability
                    + (agentOptions.isEmpty() ? "" : " agentOptions=" + agentOptions);
        }
    }

    /** One restart's recovery measurement. */
    record Recovery(long journalBytes, long mainUptimeMillis, long resumeMillis) {}

    /** What a run found. */
    static final class Result {
        final Config config;
        final Jdk jdk;
        int kills;
        int cycles;
        int killsDuringStartup;
        int failedCycles;
        int series;
        int corruptJournals;
        int refusedStarts;
        int verifyRuns;
        int verifyFailures;
        long duplicates;
        int killsWithDuplicates;
        int maxDuplicatesPerKill;
        long ledgerLines;
        long pipelinesFinished;
        long roundsFinished;
        int tornTailsDropped;
        /** Ledger lines a kill cut in the middle of their write ({@link LedgerChecker#dropTornLine}). */
        int tornLedgerLines;

        int censoredRecoveries;
        long maxJournalBytes;
        /** Segment files created but no longer there at the end of each series (what compaction removed), summed. */
        long segmentsReclaimed;
        /** Segment files created over all series (the highest segment number of each series, summed). */
        long segmentsCreated;
        /** The most segment files a journal held after any cycle. */
        int maxSegmentsPresent;
        /** Pipelines whose key, still in the final journal of a series, was found there (summed over series). */
        long pipelinesInFinalJournals;
        /** Finished pipelines that ran again under their key after retention had expired them. */
        long expiredReruns;

        final List<Recovery> recoveries = new ArrayList<>();
        final List<Long> startupUptimes = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        long wallMillis;

        Result(Config config, Jdk jdk) {
            this.config = config;
            this.jdk = jdk;
        }

        /** One-sided 95% upper bound on the per-kill failure rate (rule of three when nothing failed). */
        double failureRateUpperBound() {
            return Stats.upperBound95(failedCycles, Math.max(cycles, kills));
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("crash loop on ").append(jdk).append(" (").append(config).append(")\n");
            sb.append(String.format(
                    Locale.ROOT,
                    "kills: %d (%d during start-up/recovery), journals (series): %d, " + "wall time %.1f s%n",
                    kills,
                    killsDuringStartup,
                    series,
                    wallMillis / 1000.0));
            sb.append(String.format(
                    Locale.ROOT,
                    "failed kill cycles: %d; 95%% upper bound on the failure rate per kill:" + " %.5f (%s)%n",
                    failedCycles,
                    failureRateUpperBound(),
                    failedCycles == 0 ? "rule of three, 3/n" : "Clopper-Pearson"));
            sb.append(String.format(
                    Locale.ROOT,
                    "journals refused at start: %d, verify runs: %d, verify failures: %d," + " corrupt journals: %d%n",
                    refusedStarts,
                    verifyRuns,
                    verifyFailures,
                    corruptJournals));
            sb.append(String.format(
                    Locale.ROOT,
                    "side effects (ledger lines): %d, pipelines finished: %d, rounds: %d%n",
                    ledgerLines,
                    pipelinesFinished,
                    roundsFinished));
            sb.append(String.format(
                    Locale.ROOT,
                    "duplicate side effects: %d over %d kills (%.3f per kill; kills with "
                            + "one or more: %d; most in one kill: %d, limit %d = pipelines), all in flight at a kill and "
                            + "with the same stepKey unless listed below%n",
                    duplicates,
                    kills,
                    kills == 0 ? 0.0 : duplicates / (double) kills,
                    killsWithDuplicates,
                    maxDuplicatesPerKill,
                    config.pipelines));
            sb.append("torn journal tails dropped at start-up: ")
                    .append(tornTailsDropped)
                    .append("; ledger lines cut by a kill in their write (dropped, in flight): ")
                    .append(tornLedgerLines)
                    .append('\n');
            List<Long> resume = recoveries.stream().map(Recovery::resumeMillis).toList();
            sb.append(String.format(
                    Locale.ROOT,
                    "JVM start to main (agent start-up incl. journal scan): p50 %d ms, " + "p99 %d ms (n=%d)%n",
                    Stats.percentile(startupUptimes, 50),
                    Stats.percentile(startupUptimes, 99),
                    startupUptimes.size()));
            sb.append(String.format(
                    Locale.ROOT,
                    "JVM start to every interrupted pipeline's first new side effect: p50 "
                            + "%d ms, p99 %d ms (n=%d, %d restarts killed before all had resumed)%n",
                    Stats.percentile(resume, 50),
                    Stats.percentile(resume, 99),
                    resume.size(),
                    censoredRecoveries));
            sb.append("by journal size:\n").append(Stats.bySize(recoveries));
            if (config.retentionMillis() != Long.MAX_VALUE) {
                sb.append(String.format(
                        Locale.ROOT,
                        "compaction: %d of %d segment files created were removed, at most %d at once in a journal;"
                                + " %d of %d pipelines still in the final journals; %d finished pipelines ran again"
                                + " after retention expired them%n",
                        segmentsReclaimed,
                        segmentsCreated,
                        maxSegmentsPresent,
                        pipelinesInFinalJournals,
                        pipelinesFinished,
                        expiredReruns));
            }
            if (!failures.isEmpty()) {
                sb.append("FAILURES:\n");
                failures.stream()
                        .limit(50)
                        .forEach(f -> sb.append("  ").append(f).append('\n'));
                if (failures.size() > 50) {
                    sb.append("  ... ").append(failures.size() - 50).append(" more\n");
                }
            }
            return sb.toString();
        }
    }

    private static final Pattern RESULT = Pattern.compile("^RESULT (\\S+) (\\S+)$");
    private static final Pattern ROUND_DONE = Pattern.compile("^ROUND-DONE (\\d+)$");
    private static final Pattern MAIN_START = Pattern.compile("^MAIN-START jvmStart=(\\d+) uptime=(\\d+)");

    private final Config config;
    private final Jdk jdk;
    private final Random random;
    private final Result result;
    private long typicalStartupMillis = 600;
    /** Kill cycles attempted (a cycle whose child died by itself counts, and fails). */
    private int cycles;

    private int failedInARow;
    private boolean aborted;

    CrashLoop(Config config, Jdk jdk) {
        this.config = config;
        this.jdk = jdk;
        this.random = new Random(config.seed);
        this.result = new Result(config, jdk);
    }

    Result run() throws IOException {
        long t0 = System.nanoTime();
        config.log.println("crash loop: " + config + " on " + jdk);
        int series = 0;
        while (cycles < config.kills && !aborted) {
            int kills = Math.min(config.killsPerJournal, config.kills - cycles);
            runSeries(series++, kills);
        }
        result.cycles = cycles;
        result.wallMillis = (System.nanoTime() - t0) / 1_000_000;
        return result;
    }

    private void runSeries(int index, int kills) throws IOException {
        result.series++;
        Path dir = config.dir.resolve(String.format("series-%03d", index));
        Files.createDirectories(dir);
        Path journal = dir.resolve("journal");
        Path ledgerFile = dir.resolve("ledger.txt");
        LedgerChecker ledger = new LedgerChecker(ledgerFile, config.steps, config.retentionMillis());
        Set<String> started = new LinkedHashSet<>();
        long nextRound = 0;
        int failuresBefore = result.failedCycles;
        boolean journalBroken = false;
        List<Long> killedPids = new ArrayList<>();
        for (int cycle = 0; cycle < kills && !journalBroken && !aborted; cycle++) {
            cycles++;
            List<String> problems = new ArrayList<>();
            long journalBytes = journalBytes(journal);
            result.maxJournalBytes = Math.max(result.maxJournalBytes, journalBytes);
            result.maxSegmentsPresent =
                    Math.max(result.maxSegmentsPresent, segmentNumbers(journal).size());
            List<String> interrupted = ledger.unpublished();
            long callDelay = random.nextInt(config.maxCallDelayMillis + 1);
            boolean duringStartup = random.nextDouble() < config.startupKillShare;
            long delay = duringStartup
                    ? (long) (random.nextDouble() * typicalStartupMillis * 1.3)
                    : random.nextInt(config.workWindowMillis + 1);
            ChildProcess child = app(
                            dir, String.format("run-%05d", cycle), journal, ledgerFile, nextRound, -1, callDelay)
                    .start();
            long mainStart = -1;
            long jvmStart = -1;
            if (duringStartup) {
                sleep(delay);
            } else {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (child.isAlive() && System.nanoTime() < deadline) {
                    if (!child.stdout().isEmpty()
                            && MAIN_START.matcher(child.stdout().get(0)).find()) {
                        break;
                    }
                    sleep(3);
                }
                sleep(delay);
            }
            boolean alive = child.isAlive();
            if (alive) {
                try {
                    child.kill();
                } catch (AssertionError e) {
                    alive = false; // it exited on its own just before the signal
                }
            }
            if (alive) {
                result.kills++;
                if (duringStartup) {
                    result.killsDuringStartup++;
                }
            } else {
                problems.add(child.name() + " exited by itself with code " + child.awaitExit(Duration.ofSeconds(5))
                        + " before the kill");
            }
            // what the child printed
            for (String line : child.stdout()) {
                Matcher m = MAIN_START.matcher(line);
                if (m.find()) {
                    jvmStart = Long.parseLong(m.group(1));
                    mainStart = Long.parseLong(m.group(2));
                }
                m = ROUND_DONE.matcher(line);
                if (m.find()) {
                    nextRound = Math.max(nextRound, Long.parseLong(m.group(1)) + 1);
                }
                if (line.startsWith("FAILED")) {
                    problems.add(child.name() + " printed " + line);
                }
            }
            if (mainStart >= 0) {
                result.startupUptimes.add(mainStart);
                typicalStartupMillis = Math.max(200, Stats.percentile(result.startupUptimes, 50) + 100);
            }
            int before = ledger.violations().size();
            ledger.dropTornLine(); // the child is dead: nothing appends to the ledger until the next one starts
            ledger.readNew();
            for (String line : child.stdout()) {
                Matcher m = RESULT.matcher(line);
                if (m.find()) {
                    started.add(m.group(1));
                    ledger.resultPrinted(m.group(1), m.group(2), child.pid());
                }
            }
            problems.addAll(
                    ledger.violations().subList(before, ledger.violations().size()));
            problems.addAll(stderrProblems(child));
            if (child.stderr().stream().anyMatch(l -> l.contains("LAZ-102") || l.contains("LAZ-107"))) {
                result.refusedStarts++;
                journalBroken = true;
            }
            result.tornTailsDropped += (int) child.stderr().stream()
                    .filter(l -> l.contains("dropped the torn tail"))
                    .count();
            if (alive) {
                killedPids.add(child.pid());
            }
            // recovery time: every pipeline interrupted by the previous kill made a side effect in this process
            if (jvmStart > 0 && !interrupted.isEmpty()) {
                long worst = -1;
                boolean all = true;
                for (String p : interrupted) {
                    long first = ledger.firstIn(p, child.pid());
                    if (first < 0) {
                        all = false;
                        break;
                    }
                    worst = Math.max(worst, first - jvmStart);
                }
                if (all) {
                    result.recoveries.add(new Recovery(journalBytes, mainStart, worst));
                } else {
                    result.censoredRecoveries++;
                }
            }
            if (config.verifyEvery > 0 && (cycle + 1) % config.verifyEvery == 0) {
                String v = verify(dir, journal, "verify-" + String.format("%05d", cycle));
                if (v != null) {
                    problems.add(v);
                    result.verifyFailures++;
                    journalBroken = true;
                }
            }
            failedInARow = problems.isEmpty() ? 0 : failedInARow + 1;
            if (failedInARow >= 10) {
                aborted = true;
                problems.add("10 failed cycles in a row: the crash loop stops here");
            }
            if (!problems.isEmpty()) {
                result.failedCycles++;
                problems.forEach(p -> result.failures.add("series " + index + " " + child.name() + ": " + p));
                config.log.println("FAILED cycle " + child.name() + " of series " + index + ":");
                problems.forEach(p -> config.log.println("  " + p));
            }
            if (result.kills % 50 == 0 && alive) {
                config.log.printf(
                        Locale.ROOT,
                        "  %d kills, %d failed cycles, %d duplicates, round %d, journal %d KiB%n",
                        result.kills,
                        result.failedCycles,
                        ledger.duplicates() + result.duplicates,
                        nextRound,
                        journalBytes / 1024);
            }
        }
        // the end of the series: let the round in progress finish
        List<String> finalProblems = new ArrayList<>();
        if (!journalBroken) {
            ChildProcess last = app(dir, "final", journal, ledgerFile, nextRound, nextRound, 0)
                    .start();
            int code = last.awaitExit(Duration.ofSeconds(180));
            if (code != 0 || !last.stdout().contains("ALL-DONE")) {
                finalProblems.add("the final run exited with " + code + "\n" + last.describe());
            }
            int before = ledger.violations().size();
            ledger.readNew();
            for (String line : last.stdout()) {
                Matcher m = RESULT.matcher(line);
                if (m.find()) {
                    started.add(m.group(1));
                    ledger.resultPrinted(m.group(1), m.group(2), last.pid());
                }
            }
            Set<String> expected = new LinkedHashSet<>();
            for (long r = 0; r <= nextRound; r++) {
                for (int i = 0; i < config.pipelines; i++) {
                    expected.add(CrashLoopApp.key(r, i));
                }
            }
            if (!started.containsAll(expected)) {
                Set<String> missing = new LinkedHashSet<>(expected);
                missing.removeAll(started);
                finalProblems.add("no process returned the result of " + missing);
            }
            ledger.checkComplete(expected);
            finalProblems.addAll(
                    ledger.violations().subList(before, ledger.violations().size()));
            finalProblems.addAll(stderrProblems(last));
            String v = verify(dir, journal, "verify-final");
            if (v != null) {
                finalProblems.add(v);
                result.verifyFailures++;
            }
            result.roundsFinished += nextRound + 1;
            result.pipelinesFinished += expected.size();
            result.pipelinesInFinalJournals += JournalKeys.keysIn(journal).size();
        }
        List<Long> numbers = segmentNumbers(journal);
        if (!numbers.isEmpty()) {
            long highest = numbers.get(numbers.size() - 1);
            result.segmentsCreated += highest;
            result.segmentsReclaimed += highest - numbers.size();
        }
        if (journalBroken) {
            result.corruptJournals++;
        }
        if (!finalProblems.isEmpty()) {
            result.failedCycles++;
            finalProblems.forEach(p -> result.failures.add("series " + index + " final: " + p));
            config.log.println("FAILED the final run of series " + index + ":");
            finalProblems.forEach(p -> config.log.println("  " + p));
        }
        for (long pid : killedPids) {
            int dups = ledger.duplicatesCausedBy(pid);
            result.maxDuplicatesPerKill = Math.max(result.maxDuplicatesPerKill, dups);
            if (dups > 0) {
                result.killsWithDuplicates++;
            }
        }
        result.duplicates += ledger.duplicates();
        result.expiredReruns += ledger.expiredReruns();
        result.ledgerLines += ledger.lines();
        result.tornLedgerLines += ledger.tornLines();
        config.log.printf(
                Locale.ROOT,
                "series %d: %d kills, %d rounds, journal %d KiB, %d duplicates, %d failed%n",
                index,
                kills,
                nextRound + 1,
                journalBytes(journal) / 1024,
                ledger.duplicates(),
                result.failedCycles - failuresBefore);
        if (result.failedCycles == failuresBefore && !config.keepPassingSeries) {
            deleteTree(dir);
        }
    }

    private ChildJvm app(Path dir, String name, Path journal, Path ledger, long from, long to, long callDelay) {
        return ChildJvm.on(jdk, dir, name)
                .agent(
                        "journal=" + journal,
                        "recover=auto",
                        "durability=" + config.durability,
                        "trace=false",
                        "maxRecoveries=1000")
                .agent(config.agentOptionList().toArray(String[]::new))
                .classpath(ItEnv.appClasspath())
                .ledger(ledger)
                .property("it.crash.stepMicros", String.valueOf(config.stepMicros))
                .main(
                        CrashLoopApp.class,
                        String.valueOf(config.pipelines),
                        String.valueOf(config.steps),
                        String.valueOf(from),
                        String.valueOf(to),
                        String.valueOf(callDelay));
    }

    /** Runs {@code java -jar lazarus-agent.jar verify --journal DIR}; returns a problem, or null if sound. */
    private String verify(Path dir, Path journal, String name) {
        result.verifyRuns++;
        ChildProcess v = ChildJvm.on(jdk, dir, name)
                .jar(ItEnv.agentJar(), "verify", "--journal", journal.toString())
                .start();
        int code = v.awaitExit(Duration.ofSeconds(120));
        if (code != 0) {
            return "verify exited with " + code + ": " + String.join(" | ", v.stdout()) + " | "
                    + String.join(" | ", v.stderr());
        }
        return null;
    }

    private static List<String> stderrProblems(ChildProcess child) {
        List<String> out = new ArrayList<>();
        for (String p : ChildJvms.problems(child)) {
            out.add(child.name() + " stderr: " + p);
        }
        for (String l : child.stderr()) {
            if (l.contains("ended by throwing") || l.contains("WARN") && l.contains("recovered")) {
                out.add(child.name() + " stderr: " + l);
            }
        }
        return out;
    }

    static long journalBytes(Path journal) {
        if (!Files.isDirectory(journal)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(journal)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the numbers of the journal's segment files, in increasing order: a journal numbers its segments
     *     1, 2, 3... as it creates them, and only a compaction removes one (its output takes the number of the
     *     run's first segment), so a number missing below the highest is a segment compaction removed
     */
    static List<Long> segmentNumbers(Path journal) {
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        Pattern name = Pattern.compile("^segment-(\\d+)\\.log$");
        try (Stream<Path> s = Files.list(journal)) {
            return s.map(p -> name.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p :
                    s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For scripts: {@code CrashLoop DIR JDK_FEATURE REPORT_FILE}, knobs from {@code -Dit.crash.*}. */
    public static void main(String[] args) throws Exception {
        Config c = Config.fromSystemProperties();
        c.dir = Path.of(args[0]);
        Jdk jdk = Jdk.find(Integer.parseInt(args[1]));
        Files.createDirectories(c.dir);
        Result r = new CrashLoop(c, jdk).run();
        String summary = r.summary();
        System.out.println(summary);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), summary + "\n" + Stats.figures(r));
        }
        System.exit(r.failedCycles == 0 ? 0 : 1);
    }
}
