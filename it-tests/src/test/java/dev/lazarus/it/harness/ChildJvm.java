package dev.lazarus.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds and starts a child JVM: which JDK, the agent and its options, the class path, system
 * properties, the main class and its arguments. Its stdout and stderr go to files in the test's
 * directory ({@code <name>.out}, {@code <name>.err}); its working directory is that directory.
 *
 * <pre>
 * ChildProcess p = ChildJvm.on(jdk, dir, "run1")
 *         .agent("journal=" + journal, "recover=manual")
 *         .classpath(ItEnv.appClasspath())
 *         .ledger(ledger)
 *         .main(StepsApp.class, "call", "order-1", "5")
 *         .start();
 * </pre>
 *
 * Every child started during a test is tracked by {@link ChildJvms}, which kills what is left at the
 * end of the test and fails the test if a child's stderr shows an unexpected agent error, a
 * {@code LAZ-0xx} line or a Java stack trace, unless the test allowed those lines with
 * {@link #allowStderr(String...)}.
 */
public final class ChildJvm {
    /** Flags that make small child JVMs start faster and use less of the two shared cores. */
    private static final List<String> DEFAULT_JVM_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData");

    private final Jdk jdk;
    private final Path dir;
    private final String name;
    private boolean agent;
    private final List<String> agentOptions = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>(DEFAULT_JVM_FLAGS);
    private final List<Pattern> allowedStderr = new ArrayList<>();
    private String mainClass;
    private Path jar;
    private final List<String> args = new ArrayList<>();

    private ChildJvm(Jdk jdk, Path dir, String name) {
        this.jdk = jdk;
        this.dir = dir;
        this.name = name;
    }

    /**
     * @param jdk the JDK to run on
     * @param dir the test's directory: working directory, and where stdout/stderr files go
     * @param name a short name for this run, unique within the test ("run1", "holder", ...)
     * @return a builder
     */
    public static ChildJvm on(Jdk jdk, Path dir, String name) {
        jdk.assumeAvailable();
        return new ChildJvm(jdk, dir, name);
    }

    /**
     * Attaches the shaded agent: {@code -javaagent:lazarus-agent.jar=<options joined by ','>}. {@code trace=true}
     * is added (so failures show which calls were live and which replayed) unless a trace option is given.
     */
    public ChildJvm agent(String... options) {
        agent = true;
        agentOptions.addAll(Arrays.asList(options));
        return this;
    }

    public ChildJvm classpath(List<Path> entries) {
        classpath.addAll(entries);
        return this;
    }

    public ChildJvm classpath(Path... entries) {
        return classpath(Arrays.asList(entries));
    }

    /** Sets {@code -Dit.ledger=<ledger>}, the file the test apps' services write their side effects to. */
    public ChildJvm ledger(Path ledger) {
        return property("it.ledger", ledger.toString());
    }

    /** Sets {@code -Dit.blockAt=<points>}: the test app blocks forever at these {@code Gate} points. */
    public ChildJvm blockAt(String... points) {
        return property("it.blockAt", String.join(",", points));
    }

    /** Sets an environment variable of the child (a preloaded library's settings, say). */
    public ChildJvm environment(String key, String value) {
        environment.put(key, value);
        return this;
    }

    public ChildJvm property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public ChildJvm jvmFlag(String flag) {
        jvmFlags.add(flag);
        return this;
    }

    /** Lines of stderr matching one of these regular expressions (find) are expected, not problems. */
    public ChildJvm allowStderr(String... regexes) {
        for (String r : regexes) {
            allowedStderr.add(Pattern.compile(r));
        }
        return this;
    }

    public ChildJvm main(Class<?> type, String... arguments) {
        return main(type.getName(), arguments);
    }

    public ChildJvm main(String className, String... arguments) {
        mainClass = className;
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    /**
     * Runs {@code java -jar <jar> <arguments>} instead of a main class (for the agent jar's command-line
     * tool: {@code java -jar lazarus-agent.jar send-event ...}); a class path set with
     * {@link #classpath} is then ignored, as {@code java -jar} does.
     */
    public ChildJvm jar(Path jarFile, String... arguments) {
        jar = jarFile;
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    /** @return the command line this builder would run */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        cmd.addAll(jvmFlags);
        String extraFlags = System.getProperty("it.extraJvmFlags", "");
        if (!extraFlags.isBlank() && !extraFlags.startsWith("${")) {
            cmd.addAll(Arrays.asList(extraFlags.trim().split("\\s+"))); // for experiments
        }
        if (agent) {
            List<String> options = new ArrayList<>(agentOptions);
            String extra = System.getProperty("it.extraAgentOptions", "");
            if (!extra.isBlank() && !extra.startsWith("${")) {
                options.add(extra); // for experiments: -Dit.extraAgentOptions=durability=process
            }
            if (options.stream().noneMatch(o -> o.startsWith("trace="))) {
                options.add("trace=true");
            }
            String spec = "-javaagent:" + ItEnv.agentJar();
            cmd.add(options.isEmpty() ? spec : spec + "=" + String.join(",", options));
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.addAll(args);
            return cmd;
        }
        if (!classpath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        }
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Starts the JVM. */
    public ChildProcess start() {
        if (mainClass == null && jar == null) {
            throw new IllegalStateException("no main class or jar");
        }
        List<String> cmd = command();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().putAll(environment);
            Process p = pb.start();
            p.getOutputStream().close();
            ChildProcess child = new ChildProcess(name, jdk, cmd, p, out, err, allowedStderr);
            ChildJvms.track(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** Starts the JVM and waits for it to exit (at most {@code timeoutSeconds}). */
    public ChildProcess run(int timeoutSeconds) {
        ChildProcess p = start();
        p.awaitExit(java.time.Duration.ofSeconds(timeoutSeconds));
        return p;
    }
}
