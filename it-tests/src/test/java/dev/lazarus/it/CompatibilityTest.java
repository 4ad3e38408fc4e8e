package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.compat.CompatApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import dev.lazarus.it.launcher.IsolatedLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compatibility (docs/SPEC.md §8): the application has its own, different versions of Kryo (4.0.3, the
 * {@code com.esotericsoftware:kryo} artifact, with Objenesis 2), ASM (9.2), Byte Buddy, Guava and SLF4J (1.7 with
 * the slf4j-simple binding) and uses them in the durable body, which is killed and resumed:
 * <ul>
 *   <li>on the JVM's class path, next to the agent jar (which -javaagent also puts there);</li>
 *   <li>with the application (its classes, the Lazarus API and the libraries) loaded by a child
 *       {@link java.net.URLClassLoader} ({@link IsolatedLauncher}), as under Spring Boot's launcher: the
 *       journal must rebuild the application's records with that loader.</li>
 * </ul>
 * Guava's static methods are pure library code; the run says so with the agent option
 * {@code recomputed=com.google.common.} (users override the rule per package: docs/SPEC.md §3.5).
 * The first run logs one SLF4J line more than the second: the application's SLF4J calls are logging
 * (replay-silent, not journaled), so that does not disturb the replay.
 */
@ExtendWith(ChildJvms.class)
class CompatibilityTest {
    static Stream<Arguments> cases() {
        return Jdk.all().flatMap(jdk -> Stream.of(arguments(jdk, "class path"), arguments(jdk, "child class loader")));
    }

    @ParameterizedTest(name = "{0}: application on the {1}")
    @MethodSource("cases")
    void applicationWithItsOwnLibraryVersions(Jdk jdk, String mode, @TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String id = "compat-1";
        boolean isolated = mode.equals("child class loader");
        List<Path> appPath = new ArrayList<>(ItEnv.appClasspath());
        appPath.addAll(ItEnv.compatLibraries());
        Path launcherDir = isolated ? copyLauncher(dir.resolve("launcher")) : null;

        ChildProcess first = app(jdk, dir, "first", journal, ledger, isolated, launcherDir, appPath)
                .blockAt("gate:compat-end")
                .property("it.verbose", "true")
                .main(
                        isolated ? IsolatedLauncher.class.getName() : CompatApp.class.getName(),
                        args(isolated, appPath, id))
                .start();
        first.awaitStdout("^BLOCKED gate:compat-end$", Apps.WAIT);
        first.kill();

        ChildProcess second = app(jdk, dir, "second", journal, ledger, isolated, launcherDir, appPath)
                .main(
                        isolated ? IsolatedLauncher.class.getName() : CompatApp.class.getName(),
                        args(isolated, appPath, id))
                .start();
        second.assertExit(0, Apps.EXIT);
        Map<String, String> result = ClassificationTest.parse(second.stdoutValue("RESULT "));

        List<String> quotes =
                List.of(ledger.once("quote", "ACME"), ledger.once("quote", "INIT"), ledger.once("quote", "LAZ"));
        assertAll(
                () -> assertTrue(
                        second.stdoutValue("LIB kryo ").endsWith("kryo-4.0.3.jar"), second.stdoutValue("LIB kryo ")),
                () -> assertTrue(
                        second.stdoutValue("LIB asm ").endsWith("asm-9.2.jar"), second.stdoutValue("LIB asm ")),
                () -> assertTrue(
                        second.stdoutValue("LIB bytebuddy ").contains("byte-buddy-1."),
                        second.stdoutValue("LIB bytebuddy ")),
                () -> assertTrue(second.stdoutValue("LIB guava ").contains("guava-"), second.stdoutValue("LIB guava ")),
                () -> assertTrue(
                        second.stdoutValue("LIB slf4j ").endsWith("slf4j-api-1.7.36.jar"),
                        second.stdoutValue("LIB slf4j ")),
                () -> assertEquals(
                        isolated ? "java.net.URLClassLoader" : "jdk.internal.loader.ClassLoaders$AppClassLoader",
                        second.stdoutValue("LOADER ")),
                () -> assertEquals(
                        quotes.toString(),
                        result.get("quotes"),
                        "the application records returned before the kill, rebuilt from the journal"),
                () -> assertTrue(
                        quotes.stream().allMatch(q -> q.contains("source=" + first.pid() + "#")),
                        "all quotes were made by the first process: " + quotes),
                () -> assertEquals("[ACME, INIT, LAZ]", result.get("kryo"), "the app's Kryo 4 round trip"),
                () -> assertTrue(Integer.parseInt(result.get("asm")) > 0, "the app's ASM wrote a class"),
                () -> assertEquals("gen.Buddy", result.get("buddy"), "the app's Byte Buddy made a type"),
                () -> assertEquals(sha256(id).substring(0, 16), result.get("sha"), "the app's Guava hashed"),
                () -> assertEquals(second.stdoutValue("RESULT "), ledger.once("publish", id)),
                () -> assertTrue(
                        first.stderr().stream().anyMatch(l -> l.contains("CompatApp - compat start " + id)),
                        "the app's own SLF4J 1.7 binding logs:\n" + first.describe()),
                () -> assertFalse(
                        second.stderr().stream().anyMatch(l -> l.contains("compat start")),
                        "SLF4J log call of the replayed part is replay-silent"),
                () -> assertTrue(
                        first.stderr().stream().anyMatch(l -> l.contains("CompatApp - compat verbose " + id)),
                        "the first run's extra SLF4J line (the second run does not log it: SLF4J calls are not "
                                + "journaled, so replay is not disturbed)"),
                () -> assertTrue(
                        second.stderr().stream().anyMatch(l -> l.contains("CompatApp - compat end " + id)),
                        "SLF4J log call after the replayed part is live"),
                () -> assertTrue(
                        Stream.concat(first.stderr().stream(), second.stderr().stream())
                                .noneMatch(l -> l.startsWith("SLF4J:")),
                        "SLF4J complained (binding clash?)"),
                () -> assertEquals(4, ledger.entries().size(), "3 quotes and one publish:\n" + ledger.dump()));
    }

    private static ChildJvm app(
            Jdk jdk,
            Path dir,
            String name,
            Path journal,
            LedgerFile ledger,
            boolean isolated,
            Path launcherDir,
            List<Path> appPath) {
        ChildJvm jvm = ChildJvm.on(jdk, dir, name)
                .agent("journal=" + journal, "recomputed=com.google.common.")
                .ledger(ledger.path());
        return isolated ? jvm.classpath(launcherDir) : jvm.classpath(appPath);
    }

    private static String[] args(boolean isolated, List<Path> appPath, String id) {
        if (!isolated) {
            return new String[] {id};
        }
        String cp = appPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return new String[] {cp, CompatApp.class.getName(), id};
    }

    /** Copies the launcher's one class file to its own directory: the child JVM's whole class path. */
    private static Path copyLauncher(Path target) throws IOException {
        String rel = IsolatedLauncher.class.getName().replace('.', '/') + ".class";
        Path dest = target.resolve(rel);
        Files.createDirectories(dest.getParent());
        Files.copy(ItEnv.appClasses().resolve(rel), dest);
        return target;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
