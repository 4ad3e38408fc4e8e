package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.KryoException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A failure raised by our own serializers from inside a Kryo walk.
 *
 * <p>It extends {@link KryoException} on purpose: Kryo's field serializers catch {@code KryoException}, add
 * "field (class)" trace entries as it unwinds, and rethrow the same instance. We collect those entries here so the
 * final {@link CodecException} can name the field path ({@code Order.customer.socket}) instead of a multi-line Kryo
 * trace. It never leaves this package: {@link Failures} turns it into a {@code CodecException}.
 */
final class CodecFailure extends KryoException {

    private static final long serialVersionUID = 1L;

    /** The class that failed, or {@code null} (corrupt bytes). */
    final String className;
    /** The part of the final message after the class (and path). */
    final String detail;
    /** True if bytes were being read. */
    final boolean reading;

    private final ArrayList<String> trace = new ArrayList<>();

    private CodecFailure(boolean reading, String className, String detail, Throwable cause) {
        super(detail, cause);
        this.reading = reading;
        this.className = className;
        this.detail = detail;
    }

    /** A value of a type that must not be journaled (thread, socket, stream, ...). */
    static CodecFailure denied(Class<?> type, String reason) {
        return new CodecFailure(false, type.getName(), reason, null);
    }

    /** The bytes name a class the application class loader cannot find. */
    static CodecFailure missingClass(String className, Throwable cause) {
        return new CodecFailure(
                true,
                className,
                "the class is not found by the application class loader (was it renamed, "
                        + "moved or removed since the value was recorded?); restore it, or fail/cancel the executions that recorded it",
                cause);
    }

    /** The bytes name a class the application class loader finds but cannot load. */
    static CodecFailure unloadableClass(String className, Throwable cause) {
        return new CodecFailure(true, className, "the class cannot be loaded: " + Failures.oneLine(cause), cause);
    }

    /** The class is there but its fields differ from when the value was recorded. */
    static CodecFailure shapeChanged(Class<?> type, String nowFields) {
        return new CodecFailure(
                true,
                type.getName(),
                "the class changed shape since the value was recorded (its serialized " + "fields are now: " + nowFields
                        + "); deploy the old shape to finish these executions, or fail/cancel them",
                null);
    }

    /** An enum constant was recorded that the enum no longer has. */
    static CodecFailure missingEnumConstant(Class<?> type, String name) {
        return new CodecFailure(
                true,
                type.getName(),
                "the enum has no constant " + name + " any more (renamed or removed since the "
                        + "value was recorded); restore it, or fail/cancel the executions that recorded it",
                null);
    }

    /** The bytes are not a value this codec wrote: truncated, corrupt, or from an incompatible version. */
    static CodecFailure corrupt(String what) {
        return new CodecFailure(true, null, "the bytes are corrupt or truncated: " + what, null);
    }

    /** Kryo could not build a serializer for, or could not walk, a value of this class. */
    static CodecFailure unsupported(boolean reading, Class<?> type, Throwable cause) {
        return new CodecFailure(reading, type.getName(), Failures.oneLine(cause), cause);
    }

    /** Anything else, about a class. */
    static CodecFailure of(boolean reading, String className, String detail, Throwable cause) {
        return new CodecFailure(reading, className, detail, cause);
    }

    @Override
    public void addTrace(String info) {
        super.addTrace(info);
        trace.add(info);
    }

    /** Kryo trace entries, innermost first, each {@code "name (class)"}. */
    List<String> trace() {
        return Collections.unmodifiableList(trace);
    }
}
