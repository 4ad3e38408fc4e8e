package dev.lazarus.agent.internal.instrumentation;

import dev.lazarus.agent.internal.config.RetryPolicy;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The transparency rule (docs/SPEC.md §3), applied to one call site: decided by where the receiver
 * comes from (a field: the outside world; a value the body made or got back: recomputed) and by what
 * the JDK's own classes are, never by a list of application classes.
 */
final class CallClassifier {
    private final ClassNode owner;
    private final CalleeFacts callees;
    private final ClassificationRules rules;

    CallClassifier(ClassNode owner, CalleeFacts callees, ClassificationRules rules) {
        this.owner = owner;
        this.callees = callees;
        this.rules = rules;
    }

    /**
     * @param call the call instruction
     * @param receiver the receiver's origin, or {@code null} for a static call
     */
    Classification classify(MethodInsnNode call, Origin receiver) {
        String callee = call.owner;
        String name = call.name;
        boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;

        if (name.equals("<init>")) {
            return Classification.of(CallKind.RECOMPUTED, "constructor: an object the body makes");
        }
        if (callee.startsWith("[")) {
            return Classification.of(CallKind.RECOMPUTED, "array method");
        }
        if (callee.equals("dev/lazarus/Lazarus")) {
            return Classification.of(CallKind.FACADE, "Lazarus." + name + ": durable by itself");
        }
        if (callees.isDurable(callee, name, call.desc)) {
            return Classification.of(CallKind.CHILD, "calls the @Durable method " + simple(callee) + "." + name);
        }
        String forced = rules.journaledBy(callee, name);
        if (forced != null) {
            return Classification.of(CallKind.JOURNALED, "agent option journaled=" + forced);
        }
        forced = rules.recomputedBy(callee, name);
        if (forced != null) {
            return Classification.of(CallKind.RECOMPUTED, "agent option recomputed=" + forced);
        }
        if (callee.equals(owner.name) && declaresHere(name, call.desc)) {
            if (isStatic || (receiver != null && receiver.kind() == Origin.Kind.THIS)) {
                return Classification.of(CallKind.BODY, "method of the durable class, part of the body");
            }
        }
        if (call.getOpcode() == Opcodes.INVOKESPECIAL) {
            return Classification.of(CallKind.RECOMPUTED, "super call: runs as part of the body");
        }
        if (JdkCatalog.isJdk(callee)) {
            return classifyJdk(call, receiver, isStatic);
        }
        if (JdkCatalog.isLogger(callee)) {
            return silentIfVoid(call, "logging");
        }
        if (isStatic) {
            if (callee.startsWith("kotlin/jvm/internal/")) {
                return Classification.of(CallKind.RECOMPUTED, "Kotlin intrinsic");
            }
            return Classification.of(CallKind.JOURNALED, "static call into code outside the body");
        }
        if (receiver != null && receiver.kind() == Origin.Kind.THIS) {
            return Classification.of(CallKind.JOURNALED, "inherited method on this, outside the body");
        }
        if (receiver != null && receiver.isField()) {
            return Classification.of(CallKind.JOURNALED, "receiver reached through field " + receiver.field());
        }
        return Classification.of(CallKind.RECOMPUTED, "receiver is a value the body made or received");
    }

    /**
     * The retry policy of a journaled call: the agent option's for the callee, else {@code @Retry} on the
     * callee method or its class, else the durable method's own {@code @Retry} (the default for its calls).
     *
     * @param durableDefault {@code @Retry} of the durable method whose body makes the call, or {@code null}
     * @return the policy, or {@code null} for none
     * @throws dev.lazarus.LazarusException (LAZ-006) for a bad annotation
     */
    RetryPolicy retryPolicy(MethodInsnNode call, AnnotationNode durableDefault) {
        RetryPolicy forced = rules.retryFor(call.owner, call.name);
        if (forced != null) {
            return forced;
        }
        AnnotationNode onCallee = callees.retryOf(call.owner, call.name, call.desc);
        if (onCallee != null) {
            return Annotations.retryPolicy(onCallee);
        }
        return durableDefault == null ? null : Annotations.retryPolicy(durableDefault);
    }

    private Classification classifyJdk(MethodInsnNode call, Origin receiver, boolean isStatic) {
        String callee = call.owner;
        String nonDeterministic = JdkCatalog.nonDeterminism(callee, call.name, isStatic);
        if (nonDeterministic != null) {
            return Classification.of(CallKind.JOURNALED, nonDeterministic);
        }
        if (JdkCatalog.isThreadSleep(callee, call.name)) {
            return Classification.of(CallKind.TIMER, "Thread.sleep: the wake-up time is journaled");
        }
        if (JdkCatalog.isIo(callee)) {
            return Classification.of(CallKind.JOURNALED, "JDK I/O (" + simple(callee) + ")");
        }
        if (JdkCatalog.isLogger(callee)) {
            return silentIfVoid(call, "logging");
        }
        if (receiver != null && JdkCatalog.isConsoleStream(callee, receiver.field())) {
            return silentIfVoid(call, "console output (" + receiver.field() + ")");
        }
        if (receiver != null && receiver.isField() && JdkCatalog.isFunctional(callee)) {
            return Classification.of(
                    CallKind.JOURNALED,
                    "application-supplied " + simple(callee) + " reached through field " + receiver.field());
        }
        return Classification.of(CallKind.RECOMPUTED, "deterministic JDK API");
    }

    private static Classification silentIfVoid(MethodInsnNode call, String what) {
        if (Type.getReturnType(call.desc) == Type.VOID_TYPE) {
            return Classification.of(CallKind.SILENT, what);
        }
        return Classification.of(CallKind.RECOMPUTED, what + " (query, not output)");
    }

    private boolean declaresHere(String name, String desc) {
        for (MethodNode m : owner.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }

    private static String simple(String internalName) {
        return OriginInterpreter.simpleOwner(internalName);
    }
}
