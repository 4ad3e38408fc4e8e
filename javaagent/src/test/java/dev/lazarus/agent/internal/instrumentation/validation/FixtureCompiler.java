package dev.lazarus.agent.internal.instrumentation.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jetbrains.kotlin.cli.common.ExitCode;
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler;
import org.jetbrains.kotlin.config.KotlinCompilerVersion;

/**
 * Compiles the fixtures at test time, each compiler once for all its files: the running JDK's javac
 * in-process, another JDK's javac as a process, and the Kotlin compiler in-process. A compile error fails
 * the test with the compiler's own output.
 */
final class FixtureCompiler {
    /** What one compiler made: its name for messages, the class files' directory and the sources it read. */
    record Compiled(String compiler, Path classes, List<Path> sources) {}

    private FixtureCompiler() {}

    /** With the running JDK's {@code javax.tools} compiler. */
    static Compiled javac(int release, List<Path> sources, List<Path> classPath, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new AssertionError("the running Java has no compiler (javax.tools): run the tests on a JDK");
        }
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(
                            output,
                            files,
                            null,
                            javacOptions(release, classPath, out),
                            null,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
            if (!ok) {
                throw new AssertionError("javac --release " + release + " failed on the fixtures:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Compiled("javac " + Runtime.version().feature() + " --release " + release, out, sources);
    }

    /** With the {@code javac} executable of another JDK, as a process. */
    static Compiled javacProcess(Path javacExecutable, int release, List<Path> sources, List<Path> classPath, Path out)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javacExecutable.toString());
        command.addAll(javacOptions(release, classPath, out));
        for (Path s : sources) {
            command.add(s.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(javacExecutable + " --release " + release + " failed on the fixtures:\n" + output);
        }
        return new Compiled(
                javacExecutable.getParent().getParent().getFileName() + " javac --release " + release, out, sources);
    }

    private static List<String> javacOptions(int release, List<Path> classPath, Path out) {
        return List.of(
                "--release",
                Integer.toString(release),
                "-d",
                out.toString(),
                "-proc:none",
                "-g",
                "-classpath",
                join(classPath));
    }

    /** With the Kotlin compiler, in this JVM; the standard library comes from {@code classPath}. */
    static Compiled kotlinc(List<Path> sources, List<Path> classPath, Path out) {
        List<String> args = new ArrayList<>(List.of(
                "-d",
                out.toString(),
                "-jvm-target",
                "17",
                "-no-stdlib",
                "-no-reflect",
                "-classpath",
                join(classPath),
                "-module-name",
                "lazarus-fixtures",
                "-jdk-home",
                System.getProperty("java.home")));
        for (Path s : sources) {
            args.add(s.toString());
        }
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        ExitCode code;
        try (PrintStream stream = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
            code = new K2JVMCompiler().exec(stream, args.toArray(new String[0]));
        }
        if (code != ExitCode.OK) {
            throw new AssertionError(
                    "kotlinc failed on the fixtures (" + code + "):\n" + messages.toString(StandardCharsets.UTF_8));
        }
        return new Compiled("kotlinc " + KotlinCompilerVersion.VERSION, out, sources);
    }

    /** The jar or directory a class was loaded from, for the fixtures' class path. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every file under {@code dir} whose name ends with {@code suffix}, sorted */
    static List<Path> sourcesUnder(Path dir, String suffix) throws IOException {
        try (var paths = Files.walk(dir)) {
            return paths.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    private static String join(List<Path> classPath) {
        return classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
