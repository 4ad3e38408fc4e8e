package dev.lazarus.agent.internal.instrumentation;

import dev.lazarus.agent.internal.config.RetryPolicy;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The transparency rule, applied to one call site: decided by where the receiver comes from (a field: the
 * outside world; a value the body made or got back: recomputed), by what the callee declares it returns
 * (a service reached through a field is journaled only when it answers plain data; one that hands out a
 * service, a builder, a resource, a stream, a future or a lazy value is recomputed) and by what the JDK's own
 * classes are, never by a list of application classes. Static calls outside the JDK's catalogue are
 * recomputed: an effect inside them is caught at its boundary. Calls that hand work to other threads
 * (executors, completion stages, threads, parallel streams: {@link ForkCalls}) are forks of branches, whatever
 * their receiver.
 */
final class CallClassifier {
    /**
     * Kotlin's standard library functions over files, the console and streams ({@code File.readText},
     * {@code appendText}, {@code readLine}, {@code Reader.readText}): I/O made by a static call, so they are
     * journaled like the JDK's I/O rather than recomputed like the rest of the standard library (replay
     * would append a line twice, or read the console again).
     */
    private static final Set<String> KOTLIN_IO =
            Set.of("kotlin/io/FilesKt", "kotlin/io/ConsoleKt", "kotlin/io/TextStreamsKt", "kotlin/io/ByteStreamsKt");

    private static final Classification CLOSES =
            Classification.of(CallKind.RECOMPUTED, "closes a live resource: run again on replay, never journaled");

    private final ClassNode owner;
    private final CalleeFacts callees;
    private final ClassificationRules rules;
    private final ResultTypes results;
    private final ForkCalls forks;

    CallClassifier(ClassNode owner, CalleeFacts callees, ClassificationRules rules) {
        this.owner = owner;
        this.callees = callees;
        this.rules = rules;
        this.results = new ResultTypes(callees);
        this.forks = new ForkCalls(callees);
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
            Classification thread = fork(call); // new Thread(Runnable): its Runnable is a branch
            return thread != null
                    ? thread
                    : Classification.of(CallKind.RECOMPUTED, "constructor: an object the body makes");
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
        String answer = Type.getReturnType(call.desc).getInternalName();
        if (JdkCatalog.isBoundaryAnswer(answer)) {
            return Classification.of(
                    CallKind.RECOMPUTED,
                    "returns what an effect boundary hands back (" + simple(answer)
                            + "): the exchange is journaled at the boundary, and reading it is recomputed");
        }
        if (callee.equals(owner.name) && declaresHere(name, call.desc)) {
            if (isStatic || (receiver != null && receiver.kind() == Origin.Kind.THIS)) {
                return Classification.of(CallKind.BODY, "method of the durable class, part of the body");
            }
        }
        if (call.getOpcode() == Opcodes.INVOKESPECIAL) {
            return Classification.of(CallKind.RECOMPUTED, "super call: runs as part of the body");
        }
        // before the receiver is looked at: a field-held executor forks as a local one does, and what a fork
        // returns (a Future) is a handle on branches, never data to journal
        Classification fork = fork(call);
        if (fork != null) {
            return fork;
        }
        if (JdkCatalog.isJdk(callee)) {
            return classifyJdk(call, receiver, isStatic);
        }
        if (JdkCatalog.isLogger(callee)) {
            return silentIfVoid(call, "logging");
        }
        if (isStatic) {
            return classifyStatic(call);
        }
        if (receiver != null && receiver.kind() == Origin.Kind.THIS) {
            return byResult(call, "inherited method on this, outside the body");
        }
        if (isReactivePipeline(callee)) {
            return Classification.of(
                    CallKind.RECOMPUTED,
                    "operator of a reactive pipeline (Reactor): it runs where it is consumed, with the body's"
                            + " lambdas; the effects under it are caught at their boundaries");
        }
        if (receiver != null && receiver.isField()) {
            return byResult(call, "receiver reached through field " + receiver.field());
        }
        return Classification.of(CallKind.RECOMPUTED, "receiver is a value the body made or received");
    }

    /** @return the call as a fork of branches (or a decision on how they fared), or {@code null} */
    private Classification fork(MethodInsnNode call) {
        String reason = forks.reason(call);
        return reason == null ? null : Classification.of(CallKind.FORK, reason);
    }

    /**
     * A static call outside the JDK: builders, factories, helpers, Kotlin's standard library. Recomputed,
     * whatever it returns: the code runs again on replay and an effect inside it is caught at its boundary.
     * Judging a static by its result would journal a user's pure helpers and fail on a factory's live object.
     */
    private Classification classifyStatic(MethodInsnNode call) {
        if (call.owner.startsWith("kotlin/jvm/internal/")) {
            return Classification.of(CallKind.RECOMPUTED, "Kotlin intrinsic");
        }
        ResultVerdict verdict = results.ofCall(call);
        if (KOTLIN_IO.contains(call.owner) && verdict.journalable()) {
            return Classification.of(
                    CallKind.JOURNALED, "I/O of Kotlin's standard library (" + simple(call.owner) + "), like JDK I/O");
        }
        if (call.owner.startsWith("kotlin/")) {
            return Classification.of(CallKind.RECOMPUTED, "static call into Kotlin's standard library: pure or lazy");
        }
        if (verdict.journalable()) {
            return Classification.of(
                    CallKind.RECOMPUTED,
                    "static call into code outside the body: an effect inside it is caught at its boundary");
        }
        // named so the report says why the next calls on it are recomputed too (a factory's builder)
        return Classification.of(
                        CallKind.RECOMPUTED,
                        "static call into code outside the body, " + verdict.reason()
                                + ": an effect inside it is caught at its boundary")
                .decidedBy(verdict);
    }

    /**
     * A call of the outside world's code on a receiver reached through a field (or on {@code this}, a method
     * the durable class inherits): journaled when its declared result may be plain data, recomputed when it
     * is a live object, which then stands for the field it came from (the next call on it is judged alike).
     *
     * @param via where the receiver comes from, for the reason
     */
    private Classification byResult(MethodInsnNode call, String via) {
        if (isClose(call)) {
            return CLOSES;
        }
        if (results.isBuilder(call.owner)) {
            return Classification.of(
                    CallKind.RECOMPUTED,
                    "method of a builder (" + ResultTypes.readableName(call.owner) + "): it only gathers values");
        }
        ResultVerdict verdict = results.ofCall(call);
        if (verdict.journalable()) {
            return Classification.of(CallKind.JOURNALED, via + "; " + verdict.reason())
                    .decidedBy(verdict);
        }
        return Classification.of(
                        CallKind.RECOMPUTED,
                        via + "; " + verdict.reason() + ": calls on what it returns are judged the same way")
                .decidedBy(verdict);
    }

    /**
     * Reactor's {@code Flux} and {@code Mono} (and the other publishers of its {@code publisher} package): a
     * terminal call such as {@code blockLast()} or {@code block()} declares a type variable, which would journal
     * its value alone and drop what the body's operators ({@code doOnNext}) did on the way; the pipeline is
     * recomputed instead, and the exchange under it (Spring's {@code WebClient} on the JDK's client) is journaled
     * at its boundary.
     */
    private static boolean isReactivePipeline(String owner) {
        return owner.startsWith("reactor/core/publisher/") || owner.equals("org/reactivestreams/Publisher");
    }

    /** {@code close()}: a resource is closed live and on replay alike, so neither run leaks it. */
    private static boolean isClose(MethodInsnNode call) {
        return call.name.equals("close") && call.desc.equals("()V");
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
            return classifyIo(call);
        }
        if (JdkCatalog.isLogger(callee)) {
            return silentIfVoid(call, "logging");
        }
        if (receiver != null && JdkCatalog.isConsoleStream(callee, receiver.field())) {
            return silentIfVoid(call, "console output (" + receiver.field() + ")");
        }
        if (receiver != null && receiver.isField() && JdkCatalog.isFunctional(callee)) {
            return byResult(
                    call, "application-supplied " + simple(callee) + " reached through field " + receiver.field());
        }
        return Classification.of(CallKind.RECOMPUTED, "deterministic JDK API");
    }

    /**
     * JDK I/O: journaled, but for a call that hands out a live object (a reader, a stream, a channel) or
     * closes one. That call runs again on replay, and the reads and writes made on what it returns are
     * journaled one by one. The HTTP client and JDBC are left as they are: their effects are taken over by
     * effect boundaries rather than judged call by call.
     */
    private Classification classifyIo(MethodInsnNode call) {
        String io = "JDK I/O (" + simple(call.owner) + ")";
        if (JdkCatalog.isBoundaryIo(call.owner)) {
            return Classification.of(CallKind.JOURNALED, io);
        }
        if (isClose(call)) {
            return CLOSES;
        }
        ResultVerdict verdict = results.ofCall(call);
        if (verdict.journalable()) {
            return Classification.of(CallKind.JOURNALED, io);
        }
        return Classification.of(
                        CallKind.RECOMPUTED,
                        io + " " + verdict.reason() + ": the calls on what it returns are journaled one by one")
                .decidedBy(verdict);
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
