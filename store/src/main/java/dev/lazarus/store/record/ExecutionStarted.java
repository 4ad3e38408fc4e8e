package dev.lazarus.store.record;

/**
 * An execution began.
 *
 * @param executionId unique id; a child's id is its parent's id, a slash and its position in the parent
 * @param parentId the parent execution's id, or {@code null} for a top-level execution
 * @param durableName the durable name ({@code pkg.Class#method(ParamTypes)} unless set)
 * @param key the execution key
 * @param explicitKey whether the key came from an {@code @ExecutionKey} parameter
 * @param className the declaring class, binary name
 * @param methodName the method name
 * @param methodDescriptor the method descriptor
 * @param isStatic whether the method is static
 * @param arguments the encoded arguments (an {@code Object[]})
 * @param startedAtMillis wall-clock start time
 * @param application which application of the JVM the execution belongs to: the name of the class loader that
 *     defined the declaring class, {@code ""} for an unnamed loader and for the JVM's own loaders (the usual
 *     single application); never {@code null}. Records written before this field existed read as {@code ""}.
 */
public record ExecutionStarted(
        String executionId,
        String parentId,
        String durableName,
        String key,
        boolean explicitKey,
        String className,
        String methodName,
        String methodDescriptor,
        boolean isStatic,
        byte[] arguments,
        long startedAtMillis,
        String application)
        implements JournalRecord {
    /** The application a record names when it names none. */
    public static final String DEFAULT_APPLICATION = "";

    /** Normalises a missing application to {@link #DEFAULT_APPLICATION}. */
    public ExecutionStarted {
        if (application == null) {
            application = DEFAULT_APPLICATION;
        }
    }

    /**
     * An execution of the default application (see {@code application}).
     *
     * @param executionId unique id
     * @param parentId the parent execution's id, or {@code null}
     * @param durableName the durable name
     * @param key the execution key
     * @param explicitKey whether the key came from an {@code @ExecutionKey} parameter
     * @param className the declaring class, binary name
     * @param methodName the method name
     * @param methodDescriptor the method descriptor
     * @param isStatic whether the method is static
     * @param arguments the encoded arguments
     * @param startedAtMillis wall-clock start time
     */
    public ExecutionStarted(
            String executionId,
            String parentId,
            String durableName,
            String key,
            boolean explicitKey,
            String className,
            String methodName,
            String methodDescriptor,
            boolean isStatic,
            byte[] arguments,
            long startedAtMillis) {
        this(
                executionId,
                parentId,
                durableName,
                key,
                explicitKey,
                className,
                methodName,
                methodDescriptor,
                isStatic,
                arguments,
                startedAtMillis,
                DEFAULT_APPLICATION);
    }
}
