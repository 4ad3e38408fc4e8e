package dev.lazarus.bench.harness.report;

import java.util.Map;

/** Writes bench/REPORT.md: a run's results, typed ({@link BenchResults}), through the report's templates. */
public final class ReportWriter {
    private ReportWriter() {}

    /**
     * @param results the flat {@code key=value} results of a run (what bench/REPORT.properties holds)
     * @return the report in Markdown
     */
    public static String write(Map<String, String> results) {
        return write(ResultsParser.parse(results));
    }

    static String write(BenchResults results) {
        return Template.load("report").render(ReportView.of(results));
    }
}
