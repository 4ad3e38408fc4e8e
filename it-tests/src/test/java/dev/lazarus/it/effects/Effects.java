package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.harness.ChildProcess;
import java.util.List;

/** Assertions the effect scenarios share. */
final class Effects {
    private Effects() {}

    /**
     * Fails if a child reported a divergence (LAZ-301: unchanged code replayed as if it had changed) or a result
     * that could not be journaled after the call ran (LAZ-204).
     */
    static void assertNoFalseDivergence(ChildProcess... children) {
        for (ChildProcess child : children) {
            List<String> bad = child.stderr().stream()
                    .filter(l -> l.contains("LAZ-301") || l.contains("LAZ-204") || l.contains("DIVERGED"))
                    .toList();
            assertEquals(List.of(), bad, child.describeFully());
        }
    }
}
