package dev.lazarus.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFigureTest {
    @TempDir
    Path tmp;

    /** A JVM killed before main is summed up by its collector's log: how many full collections, what the last left. */
    @Test
    void aFailedStartIsSummedUpByItsCollectorsLog() throws Exception {
        Path log = Files.write(
                tmp.resolve("start.gc.log"),
                List.of(
                        "[0.005s][info][gc] Using G1",
                        "[1.200s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 51M->30M(1024M) 4.1ms",
                        "[9.800s][info][gc] GC(41) Pause Full (G1 Compaction Pause) 1023M->1019M(1024M) 812.3ms",
                        "[11.10s][info][gc] GC(42) Pause Full (G1 Compaction Pause) 1024M->1021M(1024M) 799.0ms"));
        assertEquals(
                "its heap by then: 2 full collections, the last collection left 1021 MB of 1024 MB in use",
                HistoryFigure.heapAtFailure(log));
        assertNull(HistoryFigure.heapAtFailure(tmp.resolve("absent.gc.log")));
        assertNull(HistoryFigure.heapAtFailure(Files.write(tmp.resolve("none.gc.log"), List.of("[0.005s] Using G1"))));
    }
}
