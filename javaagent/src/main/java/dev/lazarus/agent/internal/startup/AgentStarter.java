package dev.lazarus.agent.internal.startup;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.logging.AgentLog;
import java.lang.instrument.Instrumentation;

/**
 * Starts the agent inside its own class loader (the agent jar is already on the bootstrap class path, so
 * the bridge this engine implements is the one instrumented code calls): options, logging, access to the
 * JDK's internals for the codec — opened to this class loader's module only —, the engine, and the class
 * transformer.
 *
 * <p>An error the user can fix (a bad option, a journal held by another process, a corrupt journal)
 * stops the JVM with one line on stderr: running the application without durability while the user
 * believes it durable would be silent data loss.
 */
public final class AgentStarter {
    private AgentStarter() {}

    /**
     * @param agentArgs the {@code -javaagent} options
     * @param inst the instrumentation service
     */
    public static void start(String agentArgs, Instrumentation inst) {
        AgentConfig config;
        try {
            config = AgentConfig.parse(agentArgs, System.getProperties());
        } catch (LazarusException e) {
            fail(e.getMessage());
            return;
        }
        AgentLog.configure(config.logLevel());
        try {
            JdkAccess.openJdkPackages(inst, AgentStarter.class.getModule());
            Installer.install(config, inst);
        } catch (RuntimeException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("LAZ-")) {
                fail(message);
            }
            throw e;
        }
    }

    private static void fail(String line) {
        System.err.println("[lazarus] " + line);
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
}
