package dev.lazarus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as durable: with the Lazarus agent attached, a call to it is an <em>execution</em>
 * that survives the death of the process. Every call the method makes to the outside world is
 * journaled; after a restart the method is run again and those calls are answered from the journal
 * until it catches up, then it continues live.
 *
 * <p>Without the agent this annotation is inert and the method runs as plain code.
 *
 * <p>Caveats: the method's arguments must be serializable by Kryo (no open sockets, threads or
 * non-serializable lambdas); work handed to other threads inside the method is not journaled.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Durable {
    /**
     * The stable name of this execution type, kept in the journal. Defaults to
     * {@code pkg.Class#method(ParamTypes)}; set it if you may rename or move the method while
     * executions are in flight.
     *
     * @return the durable name, or {@code ""} for the default
     */
    String name() default "";
}
