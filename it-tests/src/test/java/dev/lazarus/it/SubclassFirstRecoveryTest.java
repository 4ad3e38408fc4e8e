package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.apps.steps.SubclassFirstApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The constructor hook that resumes instance executions is linked, and compiled, while recovery waits:
 * 200,000 instances of a subclass run it first without resuming anything (they are not instances of the
 * declaring class yet), then the first instance of {@link StepsApp} itself resumes the execution exactly
 * once, and the 200,000 instances constructed after that resume nothing again ({@link SubclassFirstApp}).
 */
@ExtendWith(ChildJvms.class)
class SubclassFirstRecoveryTest {
    static final int N = 3;

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theHookStaysLiveThroughSubclassInstancesAndResumesOnce(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "subclass-first";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("step:" + key + ":2")
                .main(StepsApp.class.getName(), "call", key, String.valueOf(N))
                .start();
        first.awaitStdout("^BLOCKED step:" + key + ":2$", Apps.WAIT);
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(SubclassFirstApp.class.getName(), key)
                .start();
        second.assertExit(0, Apps.EXIT);
        second.awaitStdout("^SAW publish " + key + " ", Apps.WAIT);

        ledger.once("publish", key);
        assertEquals(N + 1, ledger.entries().size(), "N steps and one publish:\n" + ledger.dump());
    }
}
