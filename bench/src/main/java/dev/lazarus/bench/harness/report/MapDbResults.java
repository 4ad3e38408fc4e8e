package dev.lazarus.bench.harness.report;

/** Figure 7: MapDB 3.1.0 with transactions, committing 256-byte records one by one and 64 at a time. */
record MapDbResults(FigureStatus status, Commit perRecord, Commit perBatch) {

    /** Commit latency percentiles and mean in µs, and the cost per record in µs. */
    record Commit(Double p50Us, Double p99Us, Double meanUs, Double perRecordUs) {}
}
