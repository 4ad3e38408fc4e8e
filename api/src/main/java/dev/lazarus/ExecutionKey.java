package dev.lazarus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link Durable} method whose {@code toString()} is the execution key.
 *
 * <p>With an explicit key, calling the method again with a key that already finished returns the
 * recorded result (or throws the recorded exception) without running the method: idempotency.
 * Without it the key is a digest of all arguments, and a call after the previous one finished runs
 * anew.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ExecutionKey {}
