package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.config.RetryPolicy;
import org.objectweb.asm.Type;

/** One linked outbound call site of a durable body, resolved once when the JVM links it. */
final class CallSiteInfo {
    /** {@code owner.name(descriptor)}, owner in internal form: what replay compares. */
    final String callee;
    /** {@code File.java:42}: what messages name. */
    final String location;
    /** {@code Owner.name} with dots, for traces. */
    final String displayName;
    /** The call's retry policy, or {@code null}. */
    final RetryPolicy retry;
    /** How many declared parameters the callee has (the site's arguments may start with the receiver). */
    final int parameterCount;
    /** For a fork call site: what the engine does there, worked out at its first call. */
    volatile ForkPlan forkPlan;
    /** Cleared once its arguments could not be digested (too large, unreadable): no digest is attempted again. */
    volatile boolean digestible = true;

    CallSiteInfo(String callee, String location, RetryPolicy retry) {
        this.callee = callee;
        this.location = location;
        this.retry = retry;
        int paren = callee.indexOf('(');
        String ownerAndName = callee.substring(0, paren);
        int dot = ownerAndName.lastIndexOf('.');
        String owner = ownerAndName.substring(0, dot);
        this.displayName = owner.substring(owner.lastIndexOf('/') + 1) + ownerAndName.substring(dot);
        this.parameterCount = Type.getArgumentTypes(callee.substring(paren)).length;
    }
}
