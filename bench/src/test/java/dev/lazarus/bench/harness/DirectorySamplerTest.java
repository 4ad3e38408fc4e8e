package dev.lazarus.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySamplerTest {
    @TempDir
    Path tmp;

    private static DirectorySampler.Sample sample(long t, Map<String, Long> segments, boolean compacting) {
        return new DirectorySampler.Sample(
                t, segments.values().stream().mapToLong(Long::longValue).sum(), segments, compacting);
    }

    /**
     * A segment that grows is the writer at work; one that disappears or shrinks, or a compaction's temporary file,
     * is a compaction; only the samples inside the window count.
     */
    @Test
    void compactionIsASegmentRemovedOrShrunkOrATemporaryFile() {
        List<DirectorySampler.Sample> samples = List.of(
                sample(0, Map.of("segment-1", 100L, "segment-2", 50L), false),
                sample(10, Map.of("segment-1", 100L, "segment-2", 80L), false),
                sample(20, Map.of("segment-2", 80L, "segment-3", 0L), false),
                sample(30, Map.of("segment-2", 10L, "segment-3", 5L), false),
                sample(40, Map.of("segment-2", 10L, "segment-3", 9L), true),
                sample(50, Map.of("segment-2", 10L, "segment-3", 12L), false));
        assertEquals(0, DirectorySampler.compactionSigns(samples.subList(0, 2), 0, 100), "growth alone");
        assertEquals(3, DirectorySampler.compactionSigns(samples, 0, 100));
        assertEquals(2, DirectorySampler.compactionSigns(samples, 15, 35));
        assertEquals(10, DirectorySampler.at(samples, 15).nanoTime());
        assertEquals(0, DirectorySampler.at(samples, -5).nanoTime());
    }

    /** Sampling a real directory sees its files' bytes and a segment file that goes away. */
    @Test
    void samplesADirectoryAndSeesASegmentGo() throws Exception {
        Path one = Files.write(tmp.resolve("segment-0000000001.log"), new byte[1000]);
        Files.write(tmp.resolve("segment-0000000002.log"), new byte[300]);
        Files.write(tmp.resolve("journal.lock"), new byte[7]);
        List<DirectorySampler.Sample> samples;
        try (DirectorySampler sampler = new DirectorySampler(tmp, 5)) {
            while (sampler.samples().isEmpty()) {
                Thread.sleep(5);
            }
            Files.delete(one);
            int seen = sampler.samples().size();
            while (sampler.samples().size() < seen + 2) {
                Thread.sleep(5);
            }
            sampler.close();
            samples = sampler.samples();
        }
        assertEquals(1307, samples.get(0).bytes());
        assertEquals(2, samples.get(0).segments().size(), "the lock is no segment");
        assertEquals(307, samples.get(samples.size() - 1).bytes());
        assertTrue(DirectorySampler.compactionSigns(samples, Long.MIN_VALUE, Long.MAX_VALUE) >= 1);
    }
}
