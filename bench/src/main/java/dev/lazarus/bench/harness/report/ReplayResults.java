package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 4: replaying one execution of {@code calls} journaled calls in a new JVM; one {@link Run} per
 * repetition and the median µs per replayed call.
 */
record ReplayResults(FigureStatus status, Double calls, List<Run> runs, Double medianUsPerCall) {

    /**
     * One repetition (numbered from 1): the journal's size in MB and the recording JVM's wall time in s, as
     * the run printed them; JVM start to journal open in ms; the replay in ms and µs per replayed call; the
     * calls that ran live again (must be 0), as printed.
     */
    record Run(
            int number,
            String journalMb,
            String recordSeconds,
            Double journalOpenMs,
            Double replayMs,
            Double usPerCall,
            String liveCalls) {}
}
