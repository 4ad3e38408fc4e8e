package dev.lazarus.store.codec;

import java.util.Objects;

/**
 * A value could not be journaled ({@value #CANNOT_SERIALIZE}) or could not be given back from the journal
 * ({@value #CANNOT_DESERIALIZE}).
 *
 * <p>The message is one line, starts with the code, names the class that failed (and, where known, the field path
 * that led to it), and says what to do. It is meant to be shown to the user as is: the engine fails only the
 * execution concerned with it, so it must make sense without a stack trace. The Kryo exception that caused it, if
 * any, is kept as the cause for whoever needs the detail.
 */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Code of the failures to serialize a value: it is not plain data (a socket, a thread, a lambda...) or Kryo cannot walk it. */
    public static final String CANNOT_SERIALIZE = "LAZ-201";

    /** Code of the failures to deserialize a value: its class is missing or changed shape, or the bytes are corrupt. */
    public static final String CANNOT_DESERIALIZE = "LAZ-202";

    private final String code;
    private final String className;

    private CodecException(String code, String className, String detail, Throwable cause) {
        super(code + ": " + detail, cause);
        this.code = code;
        this.className = className;
    }

    /**
     * A failure to serialize.
     *
     * @param className the class that could not be serialized, or {@code null} if it is not known
     * @param detail the rest of the one-line message, after the code
     * @param cause the underlying failure, or {@code null}
     * @return the exception, to be thrown by the caller
     */
    static CodecException cannotSerialize(String className, String detail, Throwable cause) {
        return new CodecException(CANNOT_SERIALIZE, className, Objects.requireNonNull(detail), cause);
    }

    /**
     * A failure to deserialize.
     *
     * @param className the class that could not be deserialized, or {@code null} if it is not known (corrupt bytes)
     * @param detail the rest of the one-line message, after the code
     * @param cause the underlying failure, or {@code null}
     * @return the exception, to be thrown by the caller
     */
    static CodecException cannotDeserialize(String className, String detail, Throwable cause) {
        return new CodecException(CANNOT_DESERIALIZE, className, Objects.requireNonNull(detail), cause);
    }

    /**
     * The stable code of this failure, {@value #CANNOT_SERIALIZE} or {@value #CANNOT_DESERIALIZE}; tools and
     * documentation refer to it, so it never changes meaning.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * The binary name of the class that failed ({@code com.acme.Order$Line}), when it is known.
     *
     * @return the class name, or {@code null} when the failure is not about one class (for example corrupt bytes)
     */
    public String className() {
        return className;
    }
}
