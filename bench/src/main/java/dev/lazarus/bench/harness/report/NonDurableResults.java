package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 6: JMH average time of three loops that are not durable, in JVMs without and with the agent,
 * alternating for {@code rounds} rounds.
 */
record NonDurableResults(FigureStatus status, int rounds, List<Loop> loops) {

    /** One loop: each round's scores, and the means over the rounds in ns per operation. */
    record Loop(String name, List<Round> rounds, Double meanNoAgentNs, Double meanAgentNs) {
        /** @return the agent's mean over no agent's mean, or null */
        Double ratio() {
            return Format.div(meanAgentNs, meanNoAgentNs);
        }
    }

    /** One round: ns per operation and JMH's 99.9% confidence half-width, without and with the agent. */
    record Round(Double noAgentNs, Double noAgentErrorNs, Double agentNs, Double agentErrorNs) {}

    /** @return the largest agent ÷ no agent ratio of the loops, or null */
    Double worstRatio() {
        Double worst = null;
        for (Loop l : loops) {
            Double ratio = l.ratio();
            if (ratio != null && (worst == null || ratio > worst)) {
                worst = ratio;
            }
        }
        return worst;
    }
}
