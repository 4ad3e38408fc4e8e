package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.plain.PlainPipeline;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code durable=CLASS#METHOD} makes a method durable that carries no annotation (code the user cannot
 * edit): killed in its second outside call, the restarted process answers the first from the journal and
 * makes the other two once. Without the option the same kill loses the first call's answer.
 */
@ExtendWith(ChildJvms.class)
class DurableOptionTest {
    private static final String OPTION = "durable=" + PlainPipeline.class.getName() + "#process";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aMethodWithoutTheAnnotationIsDurableByOption(Jdk jdk, @TempDir Path dir) {
        String key = "p1";
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger"));
        Path journal = dir.resolve("journal");
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, OPTION, "recover=manual")
                .blockAt("step:" + key + ":2")
                .main(PlainPipeline.class, key)
                .start();
        first.awaitStdout("^BLOCKED step:" + key + ":2$", Apps.WAIT);
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, OPTION, "recover=manual")
                .main(PlainPipeline.class, key)
                .start();
        second.assertExit(0, Apps.EXIT);

        String one = ledger.once("step", key + "/1");
        String two = ledger.once("step", key + "/2");
        String three = ledger.once("step", key + "/3");
        assertEquals(one + "," + two + "," + three, second.stdoutValue("RESULT "), ledger.dump());
        assertEquals(
                String.valueOf(first.pid()),
                one.substring(one.indexOf('@') + 1, one.indexOf('#')),
                "the first call was made once, by the first process, and answered from the journal after");
    }
}
