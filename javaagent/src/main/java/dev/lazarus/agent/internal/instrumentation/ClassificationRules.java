package dev.lazarus.agent.internal.instrumentation;

import dev.lazarus.agent.internal.config.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * The user's overrides of the transparency rule, from agent options: callee classes, packages or
 * methods that are always journaled or always recomputed (for third-party code the rule misjudges).
 * Patterns are {@code com.acme.} (a package prefix, ending with a dot), {@code com.acme.Client} (a
 * class) or {@code com.acme.Client#method} (one method).
 */
public final class ClassificationRules {
    /** Methods a class pattern of {@code durable=} never makes durable: they answer about the object itself. */
    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");

    private final List<String> journaled;
    private final List<String> recomputed;
    private final Map<String, RetryPolicy> retries;
    private final List<String> durable;

    private ClassificationRules(
            List<String> journaled, List<String> recomputed, Map<String, RetryPolicy> retries, List<String> durable) {
        this.journaled = List.copyOf(journaled);
        this.recomputed = List.copyOf(recomputed);
        this.retries = Map.copyOf(retries);
        this.durable = List.copyOf(durable);
    }

    /** @return rules with no overrides */
    public static ClassificationRules none() {
        return new ClassificationRules(List.of(), List.of(), Map.of(), List.of());
    }

    /**
     * @param journaled patterns of callees that are always journaled
     * @param recomputed patterns of callees that are always recomputed
     * @return the rules
     */
    public static ClassificationRules of(List<String> journaled, List<String> recomputed) {
        return new ClassificationRules(journaled, recomputed, Map.of(), List.of());
    }

    /**
     * @param retries retry policies by callee pattern, for third-party callees that cannot carry {@code @Retry}
     * @return these rules with the retry overrides
     */
    public ClassificationRules withRetries(Map<String, RetryPolicy> retries) {
        return new ClassificationRules(journaled, recomputed, retries, durable);
    }

    /**
     * @param durable patterns of methods to make durable without the annotation ({@code durable=}): a method
     *     pattern makes every method of that name durable; a class or package pattern makes the classes'
     *     non-private methods durable, except constructors, {@code equals}, {@code hashCode} and {@code toString}
     * @return these rules with those methods durable
     */
    public ClassificationRules withDurable(List<String> durable) {
        return new ClassificationRules(journaled, recomputed, retries, durable);
    }

    /** @return whether {@code durable=} was given at all */
    boolean makesAnyDurable() {
        return !durable.isEmpty();
    }

    /** @return whether {@code durable=} names any method of the class, so its class file must be read */
    boolean mayMakeDurable(String ownerInternal) {
        if (durable.isEmpty()) {
            return false;
        }
        String owner = ownerInternal.replace('/', '.');
        for (String p : durable) {
            if (p.equals(owner) || p.startsWith(owner + "#") || (p.endsWith(".") && owner.startsWith(p))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param access the method's access flags
     * @return the {@code durable=} pattern that makes the method durable, or {@code null}
     */
    String durableBy(String ownerInternal, String name, int access) {
        String pattern = match(durable, ownerInternal, name);
        if (pattern == null || name.startsWith("<")) {
            return null;
        }
        if (pattern.contains("#")) {
            return pattern;
        }
        boolean open = (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
        return open && !OBJECT_METHODS.contains(name) ? pattern : null;
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
