package dev.lazarus.bench.harness.report;

/** Figure 8: the peers, DBOS Transact on PostgreSQL and Temporal's in-memory test server. */
record PeerResults(FigureStatus status, Dbos dbos, Temporal temporal) {

    /**
     * DBOS (or why it was not measured): its version; step latency p50 and p99 in µs; a workflow's wall time
     * per step in µs; workflows at once and steps per workflow (as printed) and their steps per second.
     */
    record Dbos(
            String error,
            String version,
            Double stepP50Us,
            Double stepP99Us,
            Double totalPerStepUs,
            String concurrentWorkflows,
            String stepsPerWorkflow,
            Double concurrentStepsPerS) {}

    /** Temporal (or why it was not measured): activity latency p50 and p99 in µs. */
    record Temporal(String error, Double activityP50Us, Double activityP99Us) {}
}
