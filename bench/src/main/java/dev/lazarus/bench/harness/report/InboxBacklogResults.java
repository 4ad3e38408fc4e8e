package dev.lazarus.bench.harness.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;

/**
 * Figure 14: start-up with a backlog in the inbox. JVMs started on fresh journals whose inbox holds more and more
 * event files (as {@code send-event} leaves them while the application is down): when {@code main} was entered,
 * when every queued event was recorded (the inbox empty), and whatever was left in the inbox or set aside.
 *
 * @param rounds JVMs started per backlog size, the sizes taking turns
 * @param backlogs one per backlog size, the empty inbox first
 * @param loadBefore the machine's {@code uptime} line before this figure
 * @param loadAfter the same after it
 */
record InboxBacklogResults(
        FigureStatus status, Double rounds, List<Backlog> backlogs, String loadBefore, String loadAfter) {

    /**
     * The JVMs started on one backlog size, times in ms from just before each JVM started.
     *
     * @param events event files queued in the inbox
     * @param inboxMb their bytes
     * @param started how many JVMs ran to the end (fewer than asked when one failed)
     * @param mainMs the median time to {@code main}
     * @param eachMainMs every JVM's, in order
     * @param drainedMs the median time until no event file was left in the inbox, or null if a JVM's never emptied
     * @param eachDrainedMs every JVM's, in order
     * @param left event files still in the inbox after the JVMs exited, all JVMs together
     * @param rejected files set aside ({@code *.rejected}), all JVMs together
     * @param cutShort JVMs whose start-up ingest ran out of its time and left the rest to the poller
     * @param probeAnswered whether every JVM got the last event queued through {@code awaitEvent} (null for none)
     * @param error why a JVM failed, or null
     */
    record Backlog(
            double events,
            Double inboxMb,
            Double started,
            Double mainMs,
            String eachMainMs,
            Double drainedMs,
            String eachDrainedMs,
            Double left,
            Double rejected,
            Double cutShort,
            String probeAnswered,
            String error) {

        /**
         * @return the spread of the JVMs' times to {@code main} (slowest less fastest): how much one JVM's start
         *     moves on this machine in this run, or null without two of them
         */
        Double mainSpreadMs() {
            if (eachMainMs == null) {
                return null;
            }
            DoubleSummaryStatistics s = Arrays.stream(eachMainMs.split(","))
                    .mapToDouble(v -> Double.parseDouble(v.trim()))
                    .summaryStatistics();
            return s.getCount() < 2 ? null : s.getMax() - s.getMin();
        }

        /** @return whether every JVM emptied the inbox and none left or set aside a file */
        boolean clean() {
            return drainedMs != null
                    && left != null
                    && left == 0
                    && rejected != null
                    && rejected == 0
                    && !"false".equals(probeAnswered);
        }
    }

    /** @return the empty inbox's JVMs, or null */
    Backlog empty() {
        return backlog(0);
    }

    /** @return the JVMs of a backlog size, or null when it was not measured */
    Backlog backlog(double events) {
        return backlogs.stream().filter(b -> b.events() == events).findFirst().orElse(null);
    }

    /** @return the largest backlog measured, or null */
    Backlog largest() {
        return backlogs.stream()
                .filter(b -> b.events() > 0)
                .max(Comparator.comparingDouble(Backlog::events))
                .orElse(null);
    }

    /** @return a backlog's time to {@code main} over the empty inbox's (medians), or null */
    Double mainRatio(Backlog b) {
        Backlog e = empty();
        return b == null || e == null ? null : Format.div(b.mainMs(), e.mainMs());
    }

    /** @return what a backlog adds to the time to {@code main} over the empty inbox's (medians), or null */
    Double addedMs(Backlog b) {
        Backlog e = empty();
        return b == null || e == null ? null : Format.minus(b.mainMs(), e.mainMs());
    }

    /** @return whether every backlog's JVMs emptied their inbox without leaving or setting aside a file */
    boolean clean() {
        return !backlogs.isEmpty() && backlogs.stream().allMatch(Backlog::clean);
    }
}
