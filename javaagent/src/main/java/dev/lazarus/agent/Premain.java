package dev.lazarus.agent;

import dev.lazarus.agent.loader.AgentLauncher;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The agent's entry point, kept tiny: it puts the agent jar itself on the bootstrap class path (so the
 * API and the bridge that instrumented code calls are defined once, by the bootstrap loader, for every
 * class loader in the JVM; no file is written for this) and hands over to the engine, which runs in a
 * class loader of its own (see {@code dev.lazarus.agent.loader.AgentJar} for the jar's layout).
 *
 * <p>Until the jar is on the bootstrap class path this class touches JDK types only: a class of the jar's
 * root that it loaded earlier would be defined by the system loader instead, a second copy.
 */
public final class Premain {
    private Premain() {}

    /**
     * Called by the JVM for {@code -javaagent:lazarus-agent.jar[=options]}.
     *
     * @param agentArgs the options
     * @param inst the instrumentation service
     */
    public static void premain(String agentArgs, Instrumentation inst) {
        JarFile jar = openAgentJar(Premain.class);
        inst.appendToBootstrapClassLoaderSearch(jar);
        try {
            AgentLauncher.launch(agentArgs, inst, jar);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("LAZ-004: the Lazarus agent failed to start: " + t, t);
        }
    }

    /**
     * The agent jar a class of its root was loaded from; stops the JVM with one line if there is none
     * (the agent was not started from its jar).
     */
    static JarFile openAgentJar(Class<?> rootClass) {
        CodeSource source = rootClass.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        try {
            File file = new File(location.toURI());
            if (file.isFile()) {
                return new JarFile(file, false);
            }
        } catch (Exception e) {
            // reported below, with the location
        }
        System.err.println("[lazarus] LAZ-004: the Lazarus agent must run from its jar (lazarus-agent.jar); its"
                + " classes were loaded from " + location);
        System.err.flush();
        Runtime.getRuntime().halt(1);
        throw new IllegalStateException("unreachable");
    }
}
