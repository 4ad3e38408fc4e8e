package dev.lazarus.agent.internal.startup;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.logging.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Starts the agent: options, logging, the bootstrap bridge, access to the JDK's internals for the codec,
 * the engine, and the class transformer — in that order, because the engine's classes implement the
 * bridge's interface and must not load before the bridge is on the bootstrap class path.
 *
 * <p>An error the user can fix (a bad option, a journal held by another process, a corrupt journal)
 * stops the JVM with one line on stderr: running the application without durability while the user
 * believes it durable would be silent data loss.
 */
public final class AgentStarter {
    private AgentStarter() {
    }

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
            JarFile bridge = BridgeJar.write();
            inst.appendToBootstrapClassLoaderSearch(bridge);
            JdkAccess.openJdkPackages(inst, AgentStarter.class.getModule());
            Installer.install(config, inst);
        } catch (RuntimeException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("LAZ-")) {
                fail(message);
            }
            throw e;
        } catch (java.io.IOException e) {
            fail("LAZ-004: cannot write the agent's bootstrap bridge to the temporary directory "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage());
        }
    }

    private static void fail(String line) {
        System.err.println("[lazarus] " + line);
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
}
