package dev.lazarus.agent.internal.instrumentation;

import dev.lazarus.agent.internal.config.RetryPolicy;
import java.util.List;
import java.util.Map;

/**
 * The user's overrides of the transparency rule, from agent options: callee classes, packages or
 * methods that are always journaled or always recomputed (for third-party code the rule misjudges).
 * Patterns are {@code com.acme.} (a package prefix, ending with a dot), {@code com.acme.Client} (a
 * class) or {@code com.acme.Client#method} (one method).
 */
public final class ClassificationRules {
    private final List<String> journaled;
    private final List<String> recomputed;
    private final Map<String, RetryPolicy> retries;

    private ClassificationRules(List<String> journaled, List<String> recomputed, Map<String, RetryPolicy> retries) {
        this.journaled = List.copyOf(journaled);
        this.recomputed = List.copyOf(recomputed);
        this.retries = Map.copyOf(retries);
    }

    /** @return rules with no overrides */
    public static ClassificationRules none() {
        return new ClassificationRules(List.of(), List.of(), Map.of());
    }

    /**
     * @param journaled patterns of callees that are always journaled
     * @param recomputed patterns of callees that are always recomputed
     * @return the rules
     */
    public static ClassificationRules of(List<String> journaled, List<String> recomputed) {
        return new ClassificationRules(journaled, recomputed, Map.of());
    }

    /**
     * @param retries retry policies by callee pattern, for third-party callees that cannot carry {@code @Retry}
     * @return these rules with the retry overrides
     */
    public ClassificationRules withRetries(Map<String, RetryPolicy> retries) {
        return new ClassificationRules(journaled, recomputed, retries);
    }

    /** @return the retry policy the agent options give the callee, or {@code null} */
    RetryPolicy retryFor(String ownerInternal, String name) {
        String pattern = match(List.copyOf(retries.keySet()), ownerInternal, name);
        return pattern == null ? null : retries.get(pattern);
    }

    /** @return the matching journaled pattern for the callee, or {@code null} */
    String journaledBy(String ownerInternal, String name) {
        return match(journaled, ownerInternal, name);
    }

    /** @return the matching recomputed pattern for the callee, or {@code null} */
    String recomputedBy(String ownerInternal, String name) {
        return match(recomputed, ownerInternal, name);
    }

    private static String match(List<String> patterns, String ownerInternal, String name) {
        if (patterns.isEmpty()) {
            return null;
        }
        String owner = ownerInternal.replace('/', '.');
        String method = owner + "#" + name;
        for (String p : patterns) {
            if (p.equals(owner) || p.equals(method) || (p.endsWith(".") && owner.startsWith(p))) {
                return p;
            }
        }
        return null;
    }
}
