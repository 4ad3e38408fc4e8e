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
 */
public record ExecutionStarted(String executionId, String parentId, String durableName, String key,
                               boolean explicitKey, String className, String methodName, String methodDescriptor,
                               boolean isStatic, byte[] arguments, long startedAtMillis) implements JournalRecord {
}
