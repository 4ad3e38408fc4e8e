package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packages the agent opens for us ({@link ValueCodec#modulePackagesToOpen()}) are enough, and the codec still
 * works, degraded, when nothing is opened. Each case runs {@link OpensCheckMain} in a fresh JVM, since opens cannot be
 * undone inside one.
 */
class ModuleOpensTest {

    @Test
    void listsTheExpectedPackages() {
        List<String> base = ValueCodec.javaBasePackagesToOpen();
        for (String needed : List.of(
                "java.lang",
                "java.lang.invoke",
                "java.util",
                "java.util.concurrent",
                "java.util.concurrent.atomic",
                "java.net",
                "java.time",
                "java.math",
                "java.util.regex",
                "java.io",
                "java.nio.file")) {
            assertTrue(base.contains(needed), needed);
        }
        assertEquals(base, ValueCodec.modulePackagesToOpen().get("java.base"));
        // all of them exist in java.base
        for (String pkg : base) {
            assertTrue(Object.class.getModule().getPackages().contains(pkg), pkg);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theListedOpensAreEnough() throws Exception {
        List<String> opens = new ArrayList<>();
        for (Map.Entry<String, List<String>> module :
                ValueCodec.modulePackagesToOpen().entrySet()) {
            for (String pkg : module.getValue()) {
                opens.add("--add-opens=" + module.getKey() + "/" + pkg + "=ALL-UNNAMED");
            }
        }
        assertEquals("OK", run(opens, "opened"));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void withoutOpensTheCodecDegradesWithoutCrashing() throws Exception {
        assertEquals("OK", run(List.of(), "closed"));
    }

    private static String run(List<String> jvmOptions, String mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OpensCheckMain.class.getName());
        command.add(mode);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        return output;
    }
}
