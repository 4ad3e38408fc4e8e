package dev.lazarus.agent.internal.engine;

import org.objectweb.asm.Type;

/**
 * What the engine does at one fork call site of a durable body, worked out once from the callee: which
 * arguments are tasks to run as branches (and of which functional shape), or which schedule-dependent outcome
 * the call observes and the journal must keep.
 */
final class ForkPlan {
    static final char OTHER = '-';
    static final char RUNNABLE = 'R';
    static final char CALLABLE = 'C';
    static final char SUPPLIER = 'S';
    static final char FUNCTION = 'F';
    static final char BI_FUNCTION = 'B';
    static final char CONSUMER = 'c';
    static final char BI_CONSUMER = 'b';
    /** A collection of {@code Callable}s ({@code invokeAll}, {@code invokeAny}). */
    static final char CALLABLES = 'L';

    /** What kind of fork call it is. */
    enum Kind {
        /** Hands tasks to other threads: each task argument becomes a branch. */
        TASKS,
        /** {@code parallelStream()}, {@code parallel()}: each element of the stream becomes a branch. */
        STREAM,
        /** {@code Future.get(timeout, unit)}: whether it timed out is journaled. */
        TIMED_GET,
        /** {@code Future.cancel}: whether it cancelled is journaled. */
        CANCEL,
        /** {@code Future.isDone}: the answer is journaled. */
        IS_DONE,
        /** {@code invokeAny}: the task whose result it returned is journaled. */
        INVOKE_ANY,
        /** {@code CompletableFuture.anyOf}: the future that completed first is journaled. */
        ANY_OF
    }

    final Kind kind;
    /** For each declared parameter, its task shape or {@link #OTHER}. */
    final char[] shapes;

    private ForkPlan(Kind kind, char[] shapes) {
        this.kind = kind;
        this.shapes = shapes;
    }

    /** @param callee {@code owner.name(descriptor)} */
    static ForkPlan of(String callee) {
        int paren = callee.indexOf('(');
        String name = callee.substring(callee.lastIndexOf('.', paren) + 1, paren);
        String descriptor = callee.substring(paren);
        Type[] params = Type.getArgumentTypes(descriptor);
        char[] shapes = new char[params.length];
        for (int i = 0; i < params.length; i++) {
            shapes[i] = shapeOf(params[i].getDescriptor());
        }
        return new ForkPlan(kindOf(name, descriptor), shapes);
    }

    private static Kind kindOf(String name, String descriptor) {
        switch (name) {
            case "parallelStream":
            case "parallel":
                return Kind.STREAM;
            case "get":
                return descriptor.startsWith("(JLjava/util/concurrent/TimeUnit;)") ? Kind.TIMED_GET : Kind.TASKS;
            case "cancel":
                return descriptor.equals("(Z)Z") ? Kind.CANCEL : Kind.TASKS;
            case "isDone":
                return descriptor.equals("()Z") ? Kind.IS_DONE : Kind.TASKS;
            case "invokeAny":
                return Kind.INVOKE_ANY;
            case "anyOf":
                return Kind.ANY_OF;
            default:
                return Kind.TASKS;
        }
    }

    private static char shapeOf(String descriptor) {
        switch (descriptor) {
            case "Ljava/lang/Runnable;":
                return RUNNABLE;
            case "Ljava/util/concurrent/Callable;":
                return CALLABLE;
            case "Ljava/util/function/Supplier;":
                return SUPPLIER;
            case "Ljava/util/function/Function;":
                return FUNCTION;
            case "Ljava/util/function/BiFunction;":
                return BI_FUNCTION;
            case "Ljava/util/function/Consumer;":
                return CONSUMER;
            case "Ljava/util/function/BiConsumer;":
                return BI_CONSUMER;
            case "Ljava/util/Collection;":
                return CALLABLES;
            default:
                return OTHER;
        }
    }
}
