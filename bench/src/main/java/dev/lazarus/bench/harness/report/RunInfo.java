package dev.lazarus.bench.harness.report;

/**
 * What the run was: its profile ({@code full} or {@code quick}), its wall time in seconds, its date, the
 * operator's note (null if none) and the PostgreSQL version that DBOS ran on (null if none).
 */
record RunInfo(String profile, String wallSeconds, String date, String note, String postgresVersion) {}
