package dev.lazarus.store.codec;

/**
 * Marker classes registered under fixed Kryo ids, written in place of the real class of some values (see
 * {@link CodecClassResolver}).
 *
 * <p>The ids are part of the journal format: never renumber them, only add new ones. Kryo gives its built-in
 * registrations (primitives, {@code String}) the ids below 10.
 */
final class StandIns {

    /** Id under which every {@link Throwable} is written; its real class name follows, written by {@link ThrowableSerializer}. */
    static final int THROWABLE_ID = 40;
    /** Id under which every {@link java.nio.file.Path} is written. */
    static final int PATH_ID = 41;
    /** Id of Kryo's closure marker (serializable lambdas). */
    static final int CLOSURE_ID = 42;

    private StandIns() {}

    /** Stands for any {@link Throwable}. Never instantiated. */
    static final class ThrowableStandIn {
        private ThrowableStandIn() {}
    }

    /** Stands for any {@link java.nio.file.Path}. Never instantiated. */
    static final class PathStandIn {
        private PathStandIn() {}
    }
}
