package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 5: {@code executions} unfinished executions resumed by automatic recovery, per JDK (17 and, when
 * present, 25).
 */
record RecoveryResults(FigureStatus status, Double executions, List<Jdk> jdks) {

    /** @return the row of this JDK's feature version ("17", "25"), or null if it did not run */
    Jdk jdk(String feature) {
        return jdks.stream().filter(j -> j.feature.equals(feature)).findFirst().orElse(null);
    }

    /**
     * One JDK: its feature version and full version; executions resumed; JVM start to journal open, journal
     * open to all resumed and to all completed, JVM start to all resumed, in ms; calls that ran live again on
     * replay (as printed); and how long the creating JVM took to start and block its executions, in ms.
     */
    record Jdk(
            String feature,
            String version,
            Double resumed,
            Double journalOpenMs,
            Double openToResumedMs,
            Double openToCompletedMs,
            Double startToResumedMs,
            String liveCalls,
            Double createMs) {

        /** @return ms from the journal's opening to the last resume (from JVM start if the opening is unknown) */
        Double recoveryMs() {
            return openToResumedMs != null ? openToResumedMs : startToResumedMs;
        }
    }
}
