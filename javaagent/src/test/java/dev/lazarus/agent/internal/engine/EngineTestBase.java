package dev.lazarus.agent.internal.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every in-process engine test has: an engine on a fresh journal with a fake clock ({@link EngineHarness}),
 * and the outside world its fixtures call ({@link World}). The timeout only guards the build against a hang;
 * no test waits on real time.
 */
@Timeout(60)
abstract class EngineTestBase {
    @TempDir
    Path dir;

    EngineHarness h;
    final World world = new World();

    @BeforeEach
    void openEngine() {
        h = new EngineHarness(dir);
    }

    @AfterEach
    void closeEngine() throws InterruptedException {
        h.close();
    }
}
