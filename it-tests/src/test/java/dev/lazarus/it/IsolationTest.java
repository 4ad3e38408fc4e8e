package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.isolation.IsolationApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent keeps to itself. With it attached, the application cannot load the engine's classes or the
 * libraries it bundles, no JDK package is open to the application (the agent opens what its codec needs
 * to its own class loader's module only), the API is the bootstrap loader's single copy — and the codec
 * still journals and replays values that need that deep reflection. And a JVM killed with SIGKILL inside
 * an execution leaves nothing behind but the journal: no bridge jar in the temporary directory, no file
 * in the working directory.
 */
@ExtendWith(ChildJvms.class)
class IsolationTest {
    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void applicationCannotSeeOrReachWhatTheAgentOpenedForItself(Jdk jdk, @TempDir Path dir) {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger"));
        Path journal = dir.resolve("journal");

        ChildProcess plain = Apps.plain(jdk, dir, "plain", ledger)
                .main(IsolationApp.class, "probe")
                .run(60);
        plain.assertExit(0, Apps.EXIT);
        // the baseline: what the JVM itself gives an application, without the agent
        assertEquals(List.of(), lines(plain, "visible |resource |open "), "without the agent");
        String expectedValues = plain.stdoutValue("durable ");

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("gate:values")
                .main(IsolationApp.class, "probe")
                .start();
        first.awaitStdout("BLOCKED gate:values", Apps.WAIT);
        first.kill();
        assertEquals(
                List.of(),
                lines(first, "visible |resource "),
                "the application sees the engine's classes:\n" + first.describeFully());
        assertEquals(List.of(), lines(first, "open "), "JDK packages open to the application with the agent attached");
        assertTrue(Integer.parseInt(first.stdoutValue("packages checked ")) > 50, first.describe());
        assertEquals(
                List.of(
                        "reflect java.lang.String.value denied",
                        "reflect java.util.UUID.mostSigBits denied",
                        "reflect java.util.concurrent.ConcurrentHashMap.table denied"),
                lines(first, "reflect "));
        assertEquals("bootstrap", first.stdoutValue("api loader "), "the API's one home is the bootstrap loader");

        // replay: the UUID, the atomic, the immutable list and the concurrent map come from the journal
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(IsolationApp.class, "probe")
                .run(60);
        second.assertExit(0, Apps.EXIT);
        assertEquals("true", second.stdoutValue("in execution "), second.describeFully());
        assertEquals(expectedValues, second.stdoutValue("durable "), "replayed values differ from the plain run's");
        // resumed by automatic recovery or by the application's own call, whichever came first: either way the
        // journaled calls were answered from the journal
        assertTrue(
                second.stderr().stream().anyMatch(l -> l.contains("from the journal (execution")),
                "the second run did not resume the killed execution:\n" + second.describeFully());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sigkilledJvmLeavesNoFileOutsideTheJournal(Jdk jdk, @TempDir Path dir) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger"));
        Set<Path> before = files(dir);
        ChildJvm app = Apps.durable(jdk, dir, "killed", journal, ledger)
                .blockAt("gate:inside")
                .property("java.io.tmpdir", tmp.toString())
                .main(IsolationApp.class, "hang");
        ChildProcess child = app.start();
        child.awaitStdout("BLOCKED gate:inside", Apps.WAIT);
        child.kill();

        Set<Path> left = new TreeSet<>(files(dir));
        left.removeAll(before);
        left.removeIf(p ->
                p.startsWith(journal) || p.equals(dir.resolve("killed.out")) || p.equals(dir.resolve("killed.err")));
        assertEquals(Set.of(), left, "files a SIGKILLed JVM left outside its journal");
        assertTrue(Files.exists(journal), "no journal was written");
    }

    private static List<String> lines(ChildProcess child, String prefixes) {
        return child.stdout().stream()
                .filter(l -> l.matches("(" + prefixes + ").*"))
                .collect(Collectors.toList());
    }

    private static Set<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
