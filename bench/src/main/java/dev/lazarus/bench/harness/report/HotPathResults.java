package dev.lazarus.bench.harness.report;

import java.util.List;

/**
 * Figure 9: Java Flight Recorder profiles of {@code seconds} of figure 3's child in {@code async} mode with one
 * execution (a) and in {@code fsync} mode with 64 (b), and of figure 4's replay of {@code replayCalls} calls (c).
 * {@code present} is false when the run had no such figure at all (an older run).
 */
record HotPathResults(
        FigureStatus status, boolean present, String seconds, Double replayCalls, List<Profile> profiles) {

    /** @return the profile with this id ("a", "b", "c"), or null */
    Profile profile(String id) {
        return profiles.stream().filter(p -> p.id.equals(id)).findFirst().orElse(null);
    }

    /**
     * One profiled child: its id; calls per second, CPU µs and bytes allocated per call (a and b) or µs per
     * replayed call (c), with JFR on; execution samples on the threads that matter, on all threads, and
     * allocation samples (as printed); and its four rankings.
     */
    record Profile(
            String id,
            Double callsPerS,
            Double cpuUsPerCall,
            Double allocatedBytesPerCall,
            Double usPerReplayedCall,
            String samples,
            String allSamples,
            String allocationSamples,
            List<Share> threads,
            List<Share> self,
            List<Share> inclusive,
            List<Share> allocation) {}

    /** A share of samples or sampled bytes (such as "25.2%") and what it belongs to. */
    record Share(String share, String what) {}

    /** @return the share of a Lazarus method in a ranking, or "n/a" */
    static String shareOf(List<Share> ranking, String method) {
        if (ranking != null) {
            for (Share s : ranking) {
                if (s.what.endsWith(method) || s.what.startsWith(method + " ")) {
                    return s.share;
                }
            }
        }
        return Format.NOT_AVAILABLE;
    }
}
