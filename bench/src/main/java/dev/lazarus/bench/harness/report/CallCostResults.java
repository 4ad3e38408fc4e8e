package dev.lazarus.bench.harness.report;

/**
 * Figure 2: the cost of one journaled call in a single execution, through the agent, per durability mode,
 * and the same loop without the agent. Each mode ran {@code repetitions} times in separate JVMs; each
 * {@link Mode} is the run with the median p50.
 */
record CallCostResults(FigureStatus status, String repetitions, Mode noAgent, Mode fsync, Mode process, Mode async) {

    /**
     * One mode's median run: the calls measured; percentiles and mean of the gap between consecutive calls in
     * µs; the execution's wall time per call in µs; the same child's floor (256-byte appends with fdatasync for
     * {@code fsync}, without for the others) p50 in µs; the journal's bytes on disk per record; and every run's
     * p50 in µs, as the run listed them (null for the loop without the agent).
     */
    record Mode(
            Double calls,
            Double p50Us,
            Double p90Us,
            Double p99Us,
            Double p999Us,
            Double meanUs,
            Double totalPerCallUs,
            Double floorP50Us,
            Double bytesPerRecord,
            String everyRunP50Us) {}
}
