package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.ExecutionStarted;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * How recovery calls one durable method again: resolved once per method and shared by all of its
 * executions that resume together. If the method cannot be found (the class changed), the failure is
 * kept and thrown to each execution, which reports it as before.
 */
final class RecoveryEntry {
    /** {@code (Object receiver, Object[] args)Object}; the receiver is ignored for a static method. */
    private final MethodHandle invoker;

    private final Throwable failure;

    private RecoveryEntry(MethodHandle invoker, Throwable failure) {
        this.invoker = invoker;
        this.failure = failure;
    }

    static RecoveryEntry resolve(Class<?> type, ExecutionStarted started) {
        try {
            MethodType methodType =
                    MethodType.fromMethodDescriptorString(started.methodDescriptor(), type.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            int arity = methodType.parameterCount();
            MethodHandle entry;
            if (started.isStatic()) {
                entry = lookup.findStatic(type, started.methodName(), methodType)
                        .asFixedArity()
                        .asSpreader(Object[].class, arity);
                entry = MethodHandles.dropArguments(entry, 0, Object.class);
            } else {
                entry = lookup.findVirtual(type, started.methodName(), methodType)
                        .asFixedArity()
                        .asSpreader(Object[].class, arity);
            }
            return new RecoveryEntry(
                    entry.asType(MethodType.methodType(Object.class, Object.class, Object[].class)), null);
        } catch (Throwable t) {
            return new RecoveryEntry(null, t);
        }
    }

    /** @return the invoker, {@code (Object receiver, Object[] args)Object} */
    MethodHandle invoker() throws Throwable {
        if (failure != null) {
            throw failure;
        }
        return invoker;
    }
}
