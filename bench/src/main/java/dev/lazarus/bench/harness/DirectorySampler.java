package dev.lazarus.bench.harness;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples a journal directory from outside the process that writes it, at a fixed period on a thread of its own:
 * the bytes of every file in it, and the size of each segment file. From consecutive samples it tells when the
 * journal was compacted: a segment file that disappears, or one that shrinks (the writer only ever appends to the
 * newest segment, so only a compaction rewriting a segment makes one smaller), or a {@code .compacting} file, which
 * only a compaction in progress leaves. Times are {@link System#nanoTime()}, the monotonic clock that every process
 * of the machine shares on Linux, so they compare with the times the child prints.
 */
final class DirectorySampler implements AutoCloseable {
    /** One look at the directory: when, the bytes of all its files, each segment file's size, a compaction file. */
    record Sample(long nanoTime, long bytes, Map<String, Long> segments, boolean compacting) {}

    private final File dir;
    private final long periodNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    /** Starts sampling {@code dir} every {@code periodMillis}, a first time right away. */
    DirectorySampler(Path dir, long periodMillis) {
        this.dir = dir.toFile();
        this.periodNanos = periodMillis * 1_000_000L;
        thread = new Thread(this::run, "journal-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        while (!stop) {
            Sample s = sample();
            synchronized (samples) {
                samples.add(s);
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Sample sample() {
        long now = System.nanoTime();
        Map<String, Long> segments = new HashMap<>();
        boolean[] compacting = {false};
        long bytes = bytes(dir, segments, compacting);
        return new Sample(now, bytes, segments, compacting[0]);
    }

    /** Files that vanish between the listing and the look at their size count as empty: the next sample sees. */
    private static long bytes(File d, Map<String, Long> segments, boolean[] compacting) {
        File[] files = d.listFiles();
        if (files == null) {
            return 0;
        }
        long sum = 0;
        for (File f : files) {
            if (f.isDirectory()) {
                sum += bytes(f, segments, compacting);
                continue;
            }
            long length = f.length();
            sum += length;
            String name = f.getName();
            if (name.endsWith(".compacting")) {
                compacting[0] = true;
            } else if (name.startsWith("segment-") && d.equals(f.getParentFile())) {
                segments.put(name, length);
            }
        }
        return sum;
    }

    /** Stops sampling, after one last sample. */
    @Override
    public void close() {
        if (stop) {
            return;
        }
        stop = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (samples) {
            samples.add(sample());
        }
    }

    /** @return the samples so far, oldest first */
    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /**
     * @param samples samples in time order
     * @param fromNanos the start of a window
     * @param toNanos its end
     * @return how many signs of compaction the samples taken in the window show: segment files gone or shrunk since
     *     the sample before, and samples that saw a compaction's temporary file
     */
    static int compactionSigns(List<Sample> samples, long fromNanos, long toNanos) {
        int signs = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.nanoTime() < fromNanos || s.nanoTime() > toNanos) {
                continue;
            }
            Sample before = samples.get(i - 1);
            for (Map.Entry<String, Long> e : before.segments().entrySet()) {
                Long now = s.segments().get(e.getKey());
                if (now == null || now < e.getValue()) {
                    signs++;
                }
            }
            if (s.compacting()) {
                signs++;
            }
        }
        return signs;
    }

    /** @return the last sample taken at or before {@code nanos}, else the first one */
    static Sample at(List<Sample> samples, long nanos) {
        Sample found = samples.get(0);
        for (Sample s : samples) {
            if (s.nanoTime() <= nanos) {
                found = s;
            }
        }
        return found;
    }
}
