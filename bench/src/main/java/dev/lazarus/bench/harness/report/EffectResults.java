package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 11: effects journaled at their boundary, each against the same code without the agent in one run: an
 * OkHttp exchange over loopback, replay of multi-turn conversations on the OpenAI SDK, one JDBC statement, and the
 * value digest replay compares beside the one earlier versions used.
 *
 * @param exchanges measured exchanges per configuration of the HTTP figure
 * @param exchangeConfigurations the HTTP figure's configurations, in {@link ResultsParser#EXCHANGE_CONFIGURATIONS}
 *     order (those that ran)
 * @param turns turns per conversation of the SDK figure
 * @param conversations conversations replayed per mode
 * @param replays the SDK replay per durability mode
 * @param statements measured statements per configuration of the JDBC figure
 * @param statementConfigurations the JDBC figure's configurations (no agent, then per mode)
 * @param digests the digest of each argument shape, value and legacy
 * @param loadBefore the machine's {@code uptime} line before this figure
 * @param loadAfter the same after it
 */
record EffectResults(
        FigureStatus status,
        Double exchanges,
        List<Exchange> exchangeConfigurations,
        Double turns,
        Double conversations,
        List<Replay> replays,
        Double statements,
        List<Statement> statementConfigurations,
        List<Digest> digests,
        String loadBefore,
        String loadAfter) {

    /**
     * One configuration of the HTTP figure ({@code none}, or a durability mode and where the answer is read:
     * {@code fsync.boundary}, {@code fsync.body}, ...): percentiles of the gap between two exchanges in µs, and the
     * fsync floor measured in the same JVM (p50, µs).
     */
    record Exchange(String configuration, Double p50Us, Double p99Us, Double meanUs, Double floorP50Us) {}

    /** The SDK replay in one durability mode: ms per turn, cold (first conversation), warm (mean of the others), last. */
    record Replay(String mode, Double coldMsPerTurn, Double warmMsPerTurn, Double lastMsPerTurn, String liveRequests) {}

    /** One configuration of the JDBC figure: gap between statements (µs), wall time per statement, same-JVM floor. */
    record Statement(String configuration, Double p50Us, Double p99Us, Double totalPerStatementUs, Double floorP50Us) {}

    /** One argument shape: ns per digest, the value digest and the legacy one (codec bytes and a CRC). */
    record Digest(String shape, Double valueNs, Double legacyNs) {
        /** @return legacy over value: how many times cheaper the value digest is, or null */
        Double speedup() {
            return Format.div(legacyNs, valueNs);
        }
    }

    /** @return the HTTP configuration of that name, or null */
    Exchange exchange(String configuration) {
        return exchangeConfigurations.stream()
                .filter(e -> e.configuration().equals(configuration))
                .findFirst()
                .orElse(null);
    }

    /** @return the SDK replay in that mode, or null */
    Replay replay(String mode) {
        return replays.stream().filter(r -> r.mode().equals(mode)).findFirst().orElse(null);
    }

    /** @return the JDBC configuration of that name, or null */
    Statement statement(String configuration) {
        return statementConfigurations.stream()
                .filter(s -> s.configuration().equals(configuration))
                .findFirst()
                .orElse(null);
    }
}
