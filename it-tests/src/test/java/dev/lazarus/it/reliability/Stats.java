package dev.lazarus.it.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Percentiles and the binomial upper bound for the crash loop's figures. */
final class Stats {
    private Stats() {}

    /** Nearest-rank percentile; -1 for no values. */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * One-sided 95% upper confidence bound on a failure probability after {@code failures} in {@code n} trials:
     * the rule of three (3/n) for none, else the exact Clopper-Pearson bound (bisection on the binomial CDF).
     */
    static double upperBound95(int failures, int n) {
        if (n <= 0) {
            return 1.0;
        }
        if (failures == 0) {
            return Math.min(1.0, 3.0 / n);
        }
        if (failures >= n) {
            return 1.0;
        }
        double lo = failures / (double) n;
        double hi = 1.0;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (binomialCdf(failures, n, mid) > 0.05) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double binomialCdf(int k, int n, double p) {
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            sum += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
        }
        return sum;
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /** Recovery times bucketed by the journal's size at the restart, as a markdown table. */
    static String bySize(List<CrashLoop.Recovery> recoveries) {
        long[] bounds = {256L << 10, 1L << 20, 4L << 20, 16L << 20, 64L << 20, Long.MAX_VALUE};
        String[] names = {"< 256 KiB", "256 KiB - 1 MiB", "1 - 4 MiB", "4 - 16 MiB", "16 - 64 MiB", ">= 64 MiB"};
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| journal size | restarts | JVM start to main p50 / p99 (ms) | to every interrupted pipeline resumed p50 / p99 (ms) |\n");
        sb.append("|---|---|---|---|\n");
        long low = 0;
        for (int i = 0; i < bounds.length; i++) {
            List<Long> main = new ArrayList<>();
            List<Long> resume = new ArrayList<>();
            for (CrashLoop.Recovery r : recoveries) {
                if (r.journalBytes() >= low && r.journalBytes() < bounds[i]) {
                    main.add(r.mainUptimeMillis());
                    resume.add(r.resumeMillis());
                }
            }
            if (!resume.isEmpty()) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %d / %d | %d / %d |%n",
                        names[i],
                        resume.size(),
                        percentile(main, 50),
                        percentile(main, 99),
                        percentile(resume, 50),
                        percentile(resume, 99)));
            }
            low = bounds[i];
        }
        return sb.toString();
    }

    /** Machine-readable figures, {@code key=value} lines, for scripts. */
    static String figures(CrashLoop.Result r) {
        List<Long> resume =
                r.recoveries.stream().map(CrashLoop.Recovery::resumeMillis).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("jdk=").append(r.jdk.feature()).append('\n');
        sb.append("seed=").append(r.config.seed).append('\n');
        sb.append("kills=").append(r.kills).append('\n');
        sb.append("kills_during_startup=").append(r.killsDuringStartup).append('\n');
        sb.append("failed_cycles=").append(r.failedCycles).append('\n');
        sb.append(String.format(Locale.ROOT, "failure_rate_upper95=%.6f%n", r.failureRateUpperBound()));
        sb.append("series=").append(r.series).append('\n');
        sb.append("corrupt_journals=").append(r.corruptJournals).append('\n');
        sb.append("refused_starts=").append(r.refusedStarts).append('\n');
        sb.append("verify_runs=").append(r.verifyRuns).append('\n');
        sb.append("verify_failures=").append(r.verifyFailures).append('\n');
        sb.append("ledger_lines=").append(r.ledgerLines).append('\n');
        sb.append("pipelines_finished=").append(r.pipelinesFinished).append('\n');
        sb.append("duplicates=").append(r.duplicates).append('\n');
        sb.append("kills_with_duplicates=").append(r.killsWithDuplicates).append('\n');
        sb.append("max_duplicates_per_kill=").append(r.maxDuplicatesPerKill).append('\n');
        sb.append("torn_tails_dropped=").append(r.tornTailsDropped).append('\n');
        sb.append("main_uptime_p50_ms=")
                .append(percentile(r.startupUptimes, 50))
                .append('\n');
        sb.append("main_uptime_p99_ms=")
                .append(percentile(r.startupUptimes, 99))
                .append('\n');
        sb.append("resume_p50_ms=").append(percentile(resume, 50)).append('\n');
        sb.append("resume_p99_ms=").append(percentile(resume, 99)).append('\n');
        sb.append("resume_samples=").append(resume.size()).append('\n');
        sb.append("max_journal_bytes=").append(r.maxJournalBytes).append('\n');
        sb.append("wall_seconds=").append(r.wallMillis / 1000).append('\n');
        return sb.toString();
    }
}
