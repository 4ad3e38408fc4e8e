package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 3: throughput of concurrent executions in {@code fsync} mode through the agent (each level the run
 * with the median throughput of {@code repetitions}), and of the journal alone with as many appending
 * threads, records of {@code logRecordBytes} bytes.
 */
record ConcurrencyResults(
        FigureStatus status,
        String repetitions,
        List<Agent> agent,
        String logRecordBytes,
        List<Log> logFsync,
        Log logProcess,
        Log logAsync) {

    /** @return the agent's row for this many concurrent executions, or one with nothing measured */
    Agent agentAt(int executions) {
        return agent.stream()
                .filter(a -> a.executions == executions)
                .findFirst()
                .orElse(new Agent(executions, null, null, null, null, null, null, null, null, null));
    }

    /** @return the journal's row for this many threads in {@code fsync} mode, or one with nothing measured */
    Log logFsyncAt(int threads) {
        return logFsync.stream()
                .filter(l -> l.threads == threads)
                .findFirst()
                .orElse(new Log(threads, null, null, null, null, null, null, null, null, null));
    }

    /**
     * Executions at once; journaled calls per second; records per sync; syncs per second; process CPU per
     * call in µs, and its user and kernel parts; context switches per call; bytes allocated per call; every
     * run's calls per second, as the run listed them.
     */
    record Agent(
            int executions,
            Double callsPerS,
            Double recordsPerSync,
            Double syncsPerS,
            Double cpuUsPerCall,
            Double userUsPerCall,
            Double kernelUsPerCall,
            Double contextSwitchesPerCall,
            Double allocatedBytesPerCall,
            String everyRunCallsPerS) {}

    /**
     * Appending threads; appends per second; records per sync; thread 0's append p50 and p99 in µs; the same
     * JVM's floor p50 in µs; process CPU per append in µs, and its user and kernel parts; context switches per
     * append.
     */
    record Log(
            int threads,
            Double appendsPerS,
            Double recordsPerSync,
            Double appendP50Us,
            Double appendP99Us,
            Double floorP50Us,
            Double cpuUsPerAppend,
            Double userUsPerAppend,
            Double kernelUsPerAppend,
            Double contextSwitchesPerAppend) {}
}
