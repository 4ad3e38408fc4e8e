package dev.lazarus.agent.internal.instrumentation;

/**
 * What a callee's declared result type says about the value it returns, for the transparency rule: plain
 * data may be journaled; a service, a builder, a resource, a stream, a sequence, a future, a lazy value or a
 * function is a live object that replay makes again by running the call again, so the call is recomputed.
 */
enum ResultShape {
    /** Nothing, a primitive, a string, a number, an enum, a record, a collection of data, a user's DTO. */
    DATA(true, "plain data"),
    /** {@code Object}, a type variable, a class whose file cannot be read: only run time can tell. */
    UNKNOWN(true, "only run time can tell"),
    /** An interface or abstract class that is not one of the JDK's data types: a service object. */
    SERVICE(false, "a service"),
    /** A class named {@code ...Builder} or with a public no-argument {@code build()}. */
    BUILDER(false, "a builder"),
    /** Something that must be closed (a stream of bytes, a reader, a connection, an {@code AutoCloseable}). */
    RESOURCE(false, "a resource"),
    /**
     * A resource whose opening is itself an effect that no effect boundary covers (a socket, a process):
     * recomputing the call opens it again on replay, so the instrumentation warns about it.
     */
    LIVE_RESOURCE(false, "a live resource that no effect boundary covers"),
    /** A {@code java.util.stream} stream, an iterator, a reactive stream. */
    STREAM(false, "a stream"),
    /** A Kotlin {@code Sequence}: lazy, evaluated where it is consumed. */
    SEQUENCE(false, "a sequence"),
    /** A future, a completion stage, a Kotlin {@code Deferred}. */
    FUTURE(false, "a future"),
    /** A Kotlin {@code Lazy}. */
    LAZY(false, "a lazy value"),
    /** A function object ({@code java.util.function}, {@code Runnable}, Kotlin's function types). */
    FUNCTION(false, "a function");

    private final boolean journalable;
    private final String phrase;

    ResultShape(boolean journalable, String phrase) {
        this.journalable = journalable;
        this.phrase = phrase;
    }

    /** @return whether a call that returns such a value may be journaled */
    boolean journalable() {
        return journalable;
    }

    /** @return what the shape is, in words ("a builder") */
    String phrase() {
        return phrase;
    }
}
