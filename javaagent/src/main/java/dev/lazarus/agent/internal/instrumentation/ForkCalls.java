package dev.lazarus.agent.internal.instrumentation;

import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * The fork calls of a durable body: the JDK's ways of handing work to other threads, whose tasks run as
 * branches of the execution (executors, asynchronous completion stages, threads the body starts, structured
 * task scopes, parallel streams), and the calls that read how branches fared at a moment the scheduler chose
 * ({@code Future.isDone}, {@code get} with a timeout, {@code cancel}, {@code CompletableFuture.anyOf}), which
 * are journaled as decisions of the forker. A call is recognised by its instruction's owner or any type that
 * owner extends or implements (an application's or a library's executor is one because it implements
 * {@code Executor}), its name and its descriptor, never by where its receiver comes from: a field-held
 * executor forks as a local one does.
 */
final class ForkCalls {
    private static final String RUNNABLE = "java/lang/Runnable";
    private static final String CALLABLE = "java/util/concurrent/Callable";
    private static final String COLLECTION = "java/util/Collection";
    private static final String EXECUTOR = "java/util/concurrent/Executor";
    private static final String COMPLETION_STAGE = "java/util/concurrent/CompletionStage";
    private static final String COMPLETABLE_FUTURE = "java/util/concurrent/CompletableFuture";
    private static final String FUTURE = "java/util/concurrent/Future";
    private static final String THREAD = "java/lang/Thread";
    private static final String THREAD_FACTORY = "java/util/concurrent/ThreadFactory";
    private static final String STRUCTURED_TASK_SCOPE = "java/util/concurrent/StructuredTaskScope";

    /** {@code Thread.Builder} and its two kinds (JDK 21+), known by name: a JDK 17 cannot read their class files. */
    private static final Set<String> THREAD_BUILDERS = Set.of(
            "java/lang/Thread$Builder", "java/lang/Thread$Builder$OfVirtual", "java/lang/Thread$Builder$OfPlatform");

    /**
     * How branches fared, read at a moment the scheduler chose: {@code isDone()}, {@code cancel(boolean)}
     * and {@code get(long, TimeUnit)} (by name and descriptor) on any {@code Future}.
     */
    private static final Set<String> FUTURE_DECISIONS =
            Set.of("isDone()Z", "cancel(Z)Z", "get(JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;");

    private final CalleeFacts facts;

    /** @param facts the class files of callees, for the types an owner extends or implements */
    ForkCalls(CalleeFacts facts) {
        this.facts = facts;
    }

    /**
     * @param call a call instruction of a durable body
     * @return why the call forks branches or reads how they fared, or {@code null} when it does neither
     */
    String reason(MethodInsnNode call) {
        if (call.owner.startsWith("[")) {
            return null;
        }
        if (call.getOpcode() == Opcodes.INVOKESTATIC) {
            return staticReason(call);
        }
        String owner = call.owner;
        String name = call.name;
        if (name.equals("<init>")) {
            // a Thread subclass's constructor is not one: its run() is code of its own, warned about
            return owner.equals(THREAD) && takes(call.desc, RUNNABLE) ? threadTask("new Thread") : null;
        }
        if (isHandOff(name) && takesTask(call.desc) && facts.isSubtypeOf(owner, EXECUTOR)) {
            return "runs as a branch of the execution: each task handed to the executor is a branch (" + what(call)
                    + ")";
        }
        if (takesFunction(call.desc) && facts.isSubtypeOf(owner, COMPLETION_STAGE)) {
            return stage(call);
        }
        if (FUTURE_DECISIONS.contains(name + call.desc) && facts.isSubtypeOf(owner, FUTURE)) {
            return decision(call);
        }
        if ((name.equals("start") || name.equals("unstarted"))
                && call.desc.startsWith("(Ljava/lang/Runnable;)")
                && THREAD_BUILDERS.contains(owner)) {
            return threadTask(what(call));
        }
        if (name.equals("newThread")
                && call.desc.equals("(Ljava/lang/Runnable;)Ljava/lang/Thread;")
                && facts.isSubtypeOf(owner, THREAD_FACTORY)) {
            return threadTask(what(call));
        }
        if (name.equals("fork")
                && (owner.startsWith(STRUCTURED_TASK_SCOPE) || facts.isSubtypeOf(owner, STRUCTURED_TASK_SCOPE))) {
            return threadTask(what(call));
        }
        if ((name.equals("parallel") && call.desc.startsWith("()") && owner.startsWith("java/util/stream/"))
                || (name.equals("parallelStream")
                        && call.desc.equals("()Ljava/util/stream/Stream;")
                        && facts.isSubtypeOf(owner, COLLECTION))) {
            return "runs as a branch of the execution: each element of a parallel stream is a branch, named by its"
                    + " position in the source (" + what(call) + ")";
        }
        return null;
    }

    private String staticReason(MethodInsnNode call) {
        if (call.owner.equals(COMPLETABLE_FUTURE)) {
            if (call.name.equals("supplyAsync") || call.name.equals("runAsync")) {
                return stage(call);
            }
            if (call.name.equals("anyOf")) {
                return decision(call);
            }
        }
        if (call.owner.equals(THREAD) && call.name.equals("startVirtualThread")) {
            return threadTask(what(call));
        }
        return null;
    }

    private static String stage(MethodInsnNode call) {
        return "runs as a branch of the execution: the function of a completion stage is a branch, whichever"
                + " thread completes the stage (" + what(call) + ")";
    }

    /** @param what the call: {@code new Thread}, {@code Thread.startVirtualThread}... */
    private static String threadTask(String what) {
        return "runs as a branch of the execution: the task of a thread the body starts is a branch (" + what + ")";
    }

    private static String decision(MethodInsnNode call) {
        return "reads how branches fared at a moment the scheduler chose (" + what(call)
                + "): journaled as a decision of the forker, answered alike on replay";
    }

    /**
     * The names an executor hands a task off by: the JDK's ({@code execute}, {@code submit}, {@code invokeAll},
     * {@code invokeAny}, {@code schedule...}) and the variants libraries add to them ({@code submitCompletable}).
     */
    private static boolean isHandOff(String name) {
        return name.equals("execute")
                || name.startsWith("submit")
                || name.equals("invokeAll")
                || name.equals("invokeAny")
                || name.startsWith("schedule");
    }

    /** A task an executor runs: a {@code Runnable}, a {@code Callable}, or a collection of them. */
    private static boolean takesTask(String desc) {
        for (Type t : Type.getArgumentTypes(desc)) {
            if (t.getSort() == Type.OBJECT) {
                String type = t.getInternalName();
                if (type.equals(RUNNABLE) || type.equals(CALLABLE) || type.equals(COLLECTION)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A function a completion stage runs: a {@code java.util.function} type or a {@code Runnable}. */
    private static boolean takesFunction(String desc) {
        for (Type t : Type.getArgumentTypes(desc)) {
            if (t.getSort() == Type.OBJECT
                    && (t.getInternalName().startsWith("java/util/function/")
                            || t.getInternalName().equals(RUNNABLE))) {
                return true;
            }
        }
        return false;
    }

    private static boolean takes(String desc, String type) {
        for (Type t : Type.getArgumentTypes(desc)) {
            if (t.getSort() == Type.OBJECT && t.getInternalName().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ExecutorService.submit}, {@code Thread.Builder.OfVirtual.start}. */
    private static String what(MethodInsnNode call) {
        return OriginInterpreter.simpleOwner(call.owner).replace('$', '.') + "." + call.name;
    }
}
