package dev.lazarus.bench.apps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The disk's floor measured inside a child JVM, seconds before and after its journaled calls, so that
 * "journaled call ÷ floor" compares two figures taken side by side under the same load: appends of 256
 * bytes to a new file in {@code dir}, each followed by {@code fdatasync} or not.
 */
public final class Floor {
    private Floor() {}

    /** @return the latency of each of {@code ops} appends, in nanoseconds */
    public static long[] measure(Path dir, boolean sync, int ops) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("floor-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".bin");
        ByteBuffer record = ByteBuffer.allocateDirect(256);
        long[] lat = new long[ops];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.force(true);
            for (int i = 0; i < ops; i++) {
                long a = System.nanoTime();
                record.clear();
                while (record.hasRemaining()) {
                    ch.write(record);
                }
                if (sync) {
                    ch.force(false);
                }
                lat[i] = System.nanoTime() - a;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return lat;
    }

    /** Prints the {@code floor.*} percentiles of the measurements taken before and after, together. */
    public static void report(long[] before, long[] after) {
        long[] both = java.util.Arrays.copyOf(before, before.length + after.length);
        System.arraycopy(after, 0, both, before.length, after.length);
        Out.percentiles("floor", both, both.length);
    }
}
