package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.varargs.VarargsApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Varargs callees and a varargs {@code @Durable} method work with the agent attached — before the fix, the
 * call sites' adapters collected the varargs array a second time and every such call threw
 * {@code ClassCastException: Cannot cast [Ljava.lang.String; to java.lang.String}, even outside any
 * execution. Killed between the service's varargs call and the file writes, the restart answers the first
 * from the journal and runs the rest once; the result and the file are those of a run without the agent.
 */
@ExtendWith(ChildJvms.class)
class VarargsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void varargsCalleesAndVarargsDurableMethodsSurviveAKill(Jdk jdk, @TempDir Path dir) throws IOException {
        String key = "k1";
        LedgerFile plainLedger = new LedgerFile(dir.resolve("plain-ledger"));
        Path plainFile = dir.resolve("plain.txt");
        ChildProcess plain = Apps.plain(jdk, dir, "plain", plainLedger)
                .main(VarargsApp.class, key, plainFile.toString())
                .run(60);
        plain.assertExit(0, Apps.EXIT);

        LedgerFile ledger = new LedgerFile(dir.resolve("ledger"));
        Path file = dir.resolve("durable.txt");
        Path journal = dir.resolve("journal");
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .blockAt("gate:joined")
                .main(VarargsApp.class, key, file.toString())
                .start();
        first.awaitStdout("^BLOCKED gate:joined$", Apps.WAIT);
        first.kill();
        assertEquals(plain.stdoutValue("HELPER "), first.stdoutValue("HELPER "), "the helper outside an execution");

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .main(VarargsApp.class, key, file.toString())
                .start();
        second.assertExit(0, Apps.EXIT);

        assertEquals(plain.stdoutValue("RESULT "), second.stdoutValue("RESULT "), second.describeFully());
        assertEquals(plainLedger.entries(), ledger.entries(), "each join happened once:\n" + ledger.dump());
        List<String> plainLines = Files.readAllLines(plainFile, StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        // the helper ran outside an execution in each process (twice here), the body's writes once
        assertEquals(plainLines.get(0), lines.get(0));
        assertEquals(plainLines.get(0), lines.get(1));
        assertEquals(plainLines.subList(1, plainLines.size()), lines.subList(2, lines.size()));
    }
}
