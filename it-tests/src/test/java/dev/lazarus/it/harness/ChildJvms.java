package dev.lazarus.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension for tests that start child JVMs ({@code @ExtendWith(ChildJvms.class)}), in the style of
 * the Glowroot and JaCoCo integration-test harnesses:
 * <ul>
 *   <li>after each test, every child still running is killed;</li>
 *   <li>every child's stderr is scanned, and the test fails on an agent error line
 *       ({@code [ERROR] lazarus}), a {@code LAZ-0xx} line, a fatal {@code [lazarus] LAZ-...} start-up line,
 *       a Java stack trace, an uncaught exception, a JVM start-up failure or a JDK warning naming an agent
 *       class, except lines the test
 *       declared with {@link ChildJvm#allowStderr(String...)};</li>
 *   <li>when a test fails, each child's command line and output are printed (surefire keeps them in
 *       {@code target/surefire-reports/<test class>-output.txt}).</li>
 * </ul>
 * Tests run one at a time (surefire's default), so one list of children is enough.
 */
public final class ChildJvms implements BeforeEachCallback, AfterEachCallback {
    private static final List<ChildProcess> CHILDREN = new ArrayList<>();

    /** Lines in a child's stderr that fail the test unless allowed. */
    private static final List<Pattern> PROBLEMS = List.of(
            Pattern.compile("\\[ERROR\\] lazarus"),
            Pattern.compile("\\bLAZ-0\\d\\d\\b"),
            Pattern.compile("^\\[lazarus\\] LAZ-\\d+"),
            Pattern.compile("^\\s+at [\\w$.<>/\\[\\]-]+\\(.*\\)\\s*$"),
            Pattern.compile("^Caused by: "),
            Pattern.compile("Exception in thread "),
            Pattern.compile("processing of -javaagent failed"),
            Pattern.compile("Error occurred during initialization of VM"),
            Pattern.compile("FATAL ERROR in native method"),
            Pattern.compile("^# A fatal error has been detected"),
            // a JDK warning that names the agent (e.g. JDK 24+: "sun.misc.Unsafe::... has been called by
            // dev.lazarus.agent...", "Please consider reporting this to the maintainers of ...")
            Pattern.compile("^WARNING: .*dev\\.lazarus\\.agent"));

    static synchronized void track(ChildProcess child) {
        CHILDREN.add(child);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (ChildJvms.class) {
            CHILDREN.clear();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ChildProcess> children;
        synchronized (ChildJvms.class) {
            children = new ArrayList<>(CHILDREN);
            CHILDREN.clear();
        }
        for (ChildProcess c : children) {
            c.destroyIfAlive();
        }
        keepOutputs(context, children);
        StringBuilder problems = new StringBuilder();
        for (ChildProcess c : children) {
            List<String> bad = problems(c);
            if (!bad.isEmpty()) {
                problems.append("child '").append(c.name()).append("' printed unexpected lines on stderr:\n");
                bad.forEach(l -> problems.append("  > ").append(l).append('\n'));
            }
        }
        if (context.getExecutionException().isPresent() || problems.length() > 0) {
            System.out.println("==== " + context.getDisplayName() + " in "
                    + context.getRequiredTestClass().getName()
                    + (context.getExecutionException().isPresent() ? " FAILED" : " found stderr problems"));
            for (ChildProcess c : children) {
                System.out.println(c.describe());
            }
        }
        if (problems.length() > 0) {
            StringBuilder all = new StringBuilder(problems);
            for (ChildProcess c : children) {
                if (!problems(c).isEmpty()) {
                    all.append(c.describe());
                }
            }
            throw new AssertionError(all.toString());
        }
    }

    /**
     * Copies each child's stdout/stderr to {@code <it.output.dir>/<test class>/<test>/} (the build sets it to
     * {@code it-tests/target/child-output}), since the test's own directory is deleted after the test.
     */
    private static void keepOutputs(ExtensionContext context, List<ChildProcess> children) {
        String root = System.getProperty("it.output.dir");
        if (root == null || root.isBlank() || root.startsWith("${") || children.isEmpty()) {
            return;
        }
        String test = (context.getRequiredTestMethod().getName() + " " + context.getDisplayName())
                .replaceAll("[^A-Za-z0-9._-]+", "_");
        Path dir = Paths.get(root, context.getRequiredTestClass().getSimpleName(), test);
        try {
            Files.createDirectories(dir);
            for (ChildProcess c : children) {
                Files.writeString(dir.resolve(c.name() + ".txt"), c.describeFully());
            }
        } catch (IOException e) {
            System.out.println("could not keep the children's output in " + dir + ": " + e);
        }
    }

    /** @return the stderr lines of {@code child} that are problems and were not allowed */
    public static List<String> problems(ChildProcess child) {
        List<String> out = new ArrayList<>();
        for (String line : child.stderr()) {
            boolean problem = PROBLEMS.stream().anyMatch(p -> p.matcher(line).find());
            boolean allowed =
                    child.allowedStderr().stream().anyMatch(p -> p.matcher(line).find());
            if (problem && !allowed) {
                out.add(line);
            }
        }
        return out;
    }

    /** @return whether {@code line} looks like a line of a Java stack trace */
    public static boolean isStackTraceLine(String line) {
        return PROBLEMS.get(3).matcher(line).find()
                || PROBLEMS.get(4).matcher(line).find()
                || line.matches("^\\s+\\.\\.\\. \\d+ more\\s*$");
    }
}
