package dev.lazarus.agent.internal.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.agent.internal.retention.CompactionPlanner.SegmentUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionPlannerTest {
    private final CompactionPlanner planner = new CompactionPlanner(100);

    @Test
    void picksTheLongestPrefixThatFreesAtLeastWhatItCopies() {
        List<SegmentUsage> usage = List.of(
                new SegmentUsage(1, 1000, 100), // mostly dead
                new SegmentUsage(2, 1000, 900), // mostly live: 1000 dead vs 1000 live so far, still worth it
                new SegmentUsage(3, 1000, 1000), // all live: the prefix would copy more than it frees
                new SegmentUsage(4, 1000, 1000));
        assertEquals(2, planner.prefixToCompact(usage));
    }

    @Test
    void aDeadSegmentBehindLiveOnesStillGetsCompactedWhenThePrefixPaysForIt() {
        List<SegmentUsage> usage =
                List.of(new SegmentUsage(1, 1000, 1000), new SegmentUsage(2, 1000, 0), new SegmentUsage(3, 1000, 0));
        assertEquals(3, planner.prefixToCompact(usage));
    }

    @Test
    void nothingWhenTooLittleWouldBeFreedOrEverythingIsLive() {
        assertEquals(0, planner.prefixToCompact(List.of(new SegmentUsage(1, 150, 90))));
        assertEquals(0, planner.prefixToCompact(List.of(new SegmentUsage(1, 1000, 1000))));
        assertEquals(0, planner.prefixToCompact(List.of()));
    }

    @Test
    void aSegmentHoldingADeletedExecutionIsRewrittenWhateverItCosts() {
        List<SegmentUsage> usage = List.of(
                new SegmentUsage(1, 1000, 1000),
                new SegmentUsage(2, 1000, 990, 10), // a deleted execution's 10 bytes among live ones
                new SegmentUsage(3, 1000, 1000));
        assertEquals(2, planner.prefixToCompact(usage));
    }
}
