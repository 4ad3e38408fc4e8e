package dev.lazarus.it.apps.golden;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;

/**
 * The durable method the format-v3 scenario ({@code lifecycle}) adds to the golden flows: an execution the
 * generator stops in its <em>own</em> code, between two journaled calls, so that the process dies while the
 * execution runs code of its body rather than while it waits or calls out. The next process journals an
 * {@code execution-crashed} record for it. A class of its own, so that the flows older formats were written
 * with stay exactly as they were (their call sites are part of their journals).
 */
public final class GoldenLifecycle {
    static final GoldenServices SERVICES = new GoldenServices();

    private GoldenLifecycle() {}

    /** A journaled call, work of the body's own (where the generator stops it), another journaled call. */
    @Durable(name = "golden.crunch")
    public static String crunch(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        String folded = fold(key, text);
        return GoldenFlows.joined(text, folded, SERVICES.count(key));
    }

    /**
     * The body's own work, recomputed on replay. It passes the halt point {@code crunch:<key>} first, which the
     * generator arms to park the thread here: in the execution's own code, not in a call.
     */
    private static String fold(String key, String text) {
        HaltPoints.reach(GoldenInputs.haltPoint("crunch", key));
        return folded(text);
    }

    /** @return what {@link #crunch} computes from its first call's answer (public for the tests) */
    public static String folded(String text) {
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum = 31 * sum + text.charAt(i);
        }
        return "folded " + Integer.toHexString(sum);
    }
}
