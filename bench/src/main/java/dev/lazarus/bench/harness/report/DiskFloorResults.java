package dev.lazarus.bench.harness.report;

/**
 * Figure 1: the disk's floor, measured by JMH in sample mode: appending 256 bytes to a growing file, with an
 * fdatasync after each append and without one.
 */
record DiskFloorResults(FigureStatus status, Sample fdatasync, Sample noSync) {

    /**
     * One JMH sample-mode benchmark: percentiles and mean in µs per operation, the mean's 99.9% confidence
     * half-width in µs, and the number of samples.
     */
    record Sample(Double p50Us, Double p90Us, Double p99Us, Double meanUs, Double meanErrorUs, Double samples) {}
}
