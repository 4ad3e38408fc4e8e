package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 10: what attaching the agent adds to a JVM's start, and this agent beside a baseline agent jar
 * (an earlier build, given with {@code --baseline-agent}) measured in the same run: start-up, the cost of a
 * journaled call per durability mode, and replay.
 *
 * @param rounds how many JVMs were started per configuration, alternating
 * @param baseline the baseline agent jar, or null when none was given
 * @param reps pairs of JVMs (this agent, the baseline) per measure of the comparison
 * @param starts the medians per configuration: no agent, this agent, the baseline agent
 * @param calls p50 of one journaled call per mode, this agent and the baseline
 * @param replay per replayed call, this agent and the baseline
 */
record StartupResults(
        FigureStatus status,
        Integer rounds,
        String baseline,
        Integer reps,
        List<Start> starts,
        List<Call> calls,
        Call replay) {

    /** A configuration's median times from just before its JVM starts. */
    record Start(String configuration, Double mainMs, Double firstDurableMs) {}

    /** One measure, for this agent and for the baseline, in µs. */
    record Call(String what, Double agentUs, Double baselineUs) {
        /** @return this agent's over the baseline's, or null */
        Double ratio() {
            return Format.div(agentUs, baselineUs);
        }
    }

    /** @return the start of a configuration ("none", "agent", "baseline"), or null */
    Start start(String configuration) {
        return starts.stream()
                .filter(s -> s.configuration().equals(configuration))
                .findFirst()
                .orElse(null);
    }
}
