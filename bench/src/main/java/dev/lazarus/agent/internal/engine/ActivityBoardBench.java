package dev.lazarus.agent.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.helpers.NOPLogger;

/**
 * What the activity board adds to a live journaled call: the thread's slot marked "in a journaled call" before the
 * callee runs and "own code" after its outcome is journaled, two stores into a memory-mapped page. Both benchmarks
 * do the thread-state bookkeeping {@link JournaledCallStep} does around a callee (a thread-local, the step's
 * execution set and cleared) and call a callee that is not inlined; {@code withBoard} adds the two marks.
 *
 * <p>In the engine's package to reach its package-private classes, so it runs with the engine's unshaded classes
 * on the class path:
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -cp "$(cat bench/target/bench-classpath.txt):bench/target/classes:javaagent/target/classes" \
 *     dev.lazarus.bench.jmh.JmhRunner board ActivityBoardBench avgt 5 1000 10 1000
 * </pre>
 */
@State(Scope.Thread)
public class ActivityBoardBench {
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    private Path dir;
    private ActivityBoard board;
    private int position;

    /** A board on a temporary journal directory, and a slot for this thread, as an execution's run claims it. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("board-bench");
        board = ActivityBoard.open(dir, NOPLogger.NOP_LOGGER);
        ThreadState ts = threads.get();
        ts.boardSlot = board.claim(ActivityBoard.keyOf("bench"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE);
    }

    /** Removes the board's file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        board.markClean();
        Files.deleteIfExists(dir.resolve(ActivityBoard.FILE_NAME));
        Files.deleteIfExists(dir);
    }

    /** The bookkeeping around a callee, as before the board. */
    @Benchmark
    public int withoutBoard() {
        ThreadState ts = threads.get();
        int p = position++;
        ts.stepPosition = p;
        ts.stepExecution = null;
        try {
            return callee(p);
        } finally {
            ts.stepExecution = null;
        }
    }

    /** The same, with the thread's slot marked around the callee. */
    @Benchmark
    public int withBoard() {
        ThreadState ts = threads.get();
        int p = position++;
        int slot = ts.boardSlot;
        if (slot >= 0) {
            board.mark(slot, ActivityBoard.IN_CALL, p);
        }
        ts.stepPosition = p;
        ts.stepExecution = null;
        try {
            return callee(p);
        } finally {
            ts.stepExecution = null;
            if (slot >= 0) {
                board.mark(slot, ActivityBoard.OWN_CODE);
            }
        }
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static int callee(int p) {
        return p + 1;
    }
}
