package dev.lazarus.agent.loader;

/**
 * The layout of {@code lazarus-agent.jar}, in two parts.
 *
 * <ul>
 *   <li>At the root: the classes every class loader must resolve to one definition — the
 *   {@code dev.lazarus} API, the bridge that instrumented code calls, this package and the two entry
 *   points ({@code Premain}, {@code CommandLine}). The agent appends the jar itself to the bootstrap
 *   class path, so these are defined once, by the bootstrap loader, for every application in the JVM.</li>
 *   <li>Under {@value #HIDDEN_PREFIX}: everything else — the engine, the instrumentation, the journal, the
 *   command line, and the libraries they use (ASM, Kryo, SLF4J) — with class files renamed to
 *   {@code *}{@value #CLASS_SUFFIX}. No standard class loader finds a class there, neither the system
 *   loader (which {@code -javaagent} gives the jar to) nor the bootstrap loader; only the
 *   {@link AgentClassLoader} does. The application therefore cannot see, link against or clash with the
 *   engine's classes, and what the JDK opens to the engine is opened to that loader's module alone.</li>
 * </ul>
 *
 * <p>The build writes this layout (see the {@code javaagent} module's pom); it is checked by the
 * end-to-end suite's agent-jar test.
 */
public final class AgentJar {
    /** Where the engine's classes and resources live inside the jar. */
    public static final String HIDDEN_PREFIX = "inst/";
    /** What a hidden class file's name ends with, instead of {@code .class}. */
    public static final String CLASS_SUFFIX = ".classdata";

    private AgentJar() {}

    /**
     * @param className a binary class name, such as {@code dev.lazarus.store.log.JournalLog}
     * @return the entry that holds the class's bytes
     */
    static String classEntry(String className) {
        return HIDDEN_PREFIX + className.replace('.', '/') + CLASS_SUFFIX;
    }

    /**
     * @param resource a resource name, such as {@code META-INF/services/x.Y}
     * @return the entry that holds it
     */
    static String resourceEntry(String resource) {
        return HIDDEN_PREFIX + resource;
    }
}
