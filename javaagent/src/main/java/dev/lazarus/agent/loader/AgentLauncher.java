package dev.lazarus.agent.loader;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.jar.JarFile;

/**
 * Creates the engine's class loader and hands over to the engine's start-up inside it. Reached from
 * {@code Premain} only after the agent jar is on the bootstrap class path, so this class and the loader
 * it creates are defined by the bootstrap loader, once for the JVM.
 */
public final class AgentLauncher {
    private static final String STARTER = "dev.lazarus.agent.internal.startup.AgentStarter";
    private static final String COMMAND_LINE = "dev.lazarus.agent.cli.Main";

    private AgentLauncher() {}

    /**
     * Starts the agent: {@code AgentStarter.start(agentArgs, inst)} in a new {@link AgentClassLoader}.
     *
     * @param agentArgs the {@code -javaagent} options
     * @param inst the instrumentation service
     * @param jar the agent jar, already on the bootstrap class path
     * @throws Throwable what the engine's start-up throws
     */
    public static void launch(String agentArgs, Instrumentation inst, JarFile jar) throws Throwable {
        ClassLoader engine = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
        entry(engine, STARTER, "start", MethodType.methodType(void.class, String.class, Instrumentation.class))
                .invoke(agentArgs, inst);
    }

    /**
     * Runs the command line ({@code java -jar lazarus-agent.jar ...}) in a new {@link AgentClassLoader}
     * whose parent is the system loader (which then holds the jar's root: the API and the bridge).
     *
     * @param args the command and its arguments
     * @param jar the agent jar
     * @throws Throwable what the command line throws
     */
    public static void commandLine(String[] args, JarFile jar) throws Throwable {
        ClassLoader cli = new AgentClassLoader(jar, ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(cli);
        entry(cli, COMMAND_LINE, "main", MethodType.methodType(void.class, String[].class))
                .invoke(args);
    }

    private static MethodHandle entry(ClassLoader loader, String className, String method, MethodType type)
            throws ReflectiveOperationException {
        Class<?> owner = Class.forName(className, true, loader);
        return MethodHandles.publicLookup().findStatic(owner, method, type);
    }
}
