package dev.lazarus.agent.internal.instrumentation.validation;

import dev.lazarus.agent.internal.instrumentation.CallKind;

/**
 * One call site of a compiled fixture's durable body as the instrumentation classified it, placed on the
 * line of the fixture source it stands for.
 *
 * @param file the fixture file's name
 * @param line the fixture line (inlined code is placed on the line that called the inline function)
 * @param method the body method that makes the call
 * @param callee {@code owner.with.dots.method}
 * @param kind the classification
 * @param reason the reason the transparency report gives, without the retry policy
 * @param retried whether a retry policy was attached to the call
 */
record ClassifiedSite(
        String file, int line, String method, String callee, CallKind kind, String reason, boolean retried) {
    /** What {@link dev.lazarus.agent.internal.instrumentation.DurableClassRewriter} appends to a retried call's reason. */
    static final String RETRIED = "; retried: ";

    /** @return the callee as a fixture names it: {@code Owner.method} with the class's simple name */
    String shortCallee() {
        int dot = callee.lastIndexOf('.');
        return callee.substring(callee.lastIndexOf('.', dot - 1) + 1);
    }

    /** @return {@code file:line} */
    String location() {
        return file + ":" + line;
    }
}
