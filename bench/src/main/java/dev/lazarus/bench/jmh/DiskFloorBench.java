package dev.lazarus.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 1, the disk's floor, in the directory the journal uses ({@code -Dbench.dir}): appending 256 bytes
 * to a growing file and {@code fdatasync} ({@code FileChannel.force(false)}), which is what one journaled
 * call in {@code fsync} mode cannot beat; and the same append without a sync ({@code process} mode's floor).
 * Files roll over at 64 MiB, as journal segments do.
 */
@State(Scope.Thread)
public class DiskFloorBench {
    private static final long SEGMENT = 64L << 20;
    private final ByteBuffer record = ByteBuffer.allocateDirect(256);
    private FileChannel channel;
    private Path file;
    private long written;
    private int files;

    @Setup(Level.Trial)
    public void open() throws IOException {
        for (int i = 0; i < 256; i++) {
            record.put((byte) i);
        }
        roll();
    }

    private void roll() throws IOException {
        if (channel != null) {
            channel.close();
            Files.deleteIfExists(file);
        }
        Path dir = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(dir);
        file = dir.resolve("floor-" + ProcessHandle.current().pid() + "-" + files++ + ".bin");
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.force(true);
        written = 0;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    private void append() throws IOException {
        record.clear();
        while (record.hasRemaining()) {
            written += channel.write(record);
        }
        if (written >= SEGMENT) {
            roll();
        }
    }

    @Benchmark
    public void appendFdatasync() throws IOException {
        append();
        channel.force(false);
    }

    @Benchmark
    public void appendNoSync() throws IOException {
        append();
    }
}
