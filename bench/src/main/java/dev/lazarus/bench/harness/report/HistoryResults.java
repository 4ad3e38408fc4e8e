package dev.lazarus.bench.harness.report;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Figure 13: a journal that runs for months. (a) Start-up and heap of JVMs started on journals holding more and more
 * finished executions, (b) the journal's size on disk sampled under a steady load with a short retention, (c) the
 * cost of a journaled call ({@code fsync}) with and without the agent compacting the journal meanwhile.
 *
 * @param calls journaled calls per execution, in every part
 * @param starts JVMs started per history size at most
 * @param sizes one per history size, smallest (the empty journal) first
 * @param startupError why part (a) did not run at all, or null
 * @param disk part (b)
 * @param latency part (c)
 * @param loadBefore the machine's {@code uptime} line before this figure
 * @param loadAfter the same after it
 */
record HistoryResults(
        FigureStatus status,
        Double calls,
        Double starts,
        List<Size> sizes,
        String startupError,
        Disk disk,
        Latency latency,
        String loadBefore,
        String loadAfter) {

    /**
     * The JVMs started on one journal.
     *
     * @param finished the finished executions the journal held as generated
     * @param journalMb its size
     * @param generateSeconds how long the generator took to write it
     * @param bytesPerExecution journal bytes per finished execution
     * @param started how many JVMs were started on it (fewer than asked when one failed or time ran out)
     * @param first the first start, on the journal as generated
     * @param judged the median of the restarts (of the first start when there was no restart)
     * @param eachFirstDurableMs every start's time to its first durable call, in order
     * @param historyAnswered whether every start got a generated execution's recorded answer (null for none)
     * @param error why a start failed, or null
     */
    record Size(
            double finished,
            Double journalMb,
            Double generateSeconds,
            Double bytesPerExecution,
            Double started,
            Start first,
            Start judged,
            String eachFirstDurableMs,
            String historyAnswered,
            String error) {
        /** @return whether the judged values come from restarts (else from the first start alone) */
        boolean restarted() {
            return started != null && started >= 2;
        }
    }

    /**
     * One start (or the median of several), from just before the JVM was started.
     *
     * @param mainMs to {@code main}
     * @param firstDurableMs to the first durable call's return
     * @param heapBytes the used heap after full collections, after that call
     * @param hwmKb the process's peak resident memory by then
     */
    record Start(Double mainMs, Double firstDurableMs, Double heapBytes, Double hwmKb) {}

    /** @return the empty journal's starts, or null */
    Size empty() {
        return sizes.stream().filter(s -> s.finished() == 0).findFirst().orElse(null);
    }

    /** @return the largest history measured, or null */
    Size largest() {
        return sizes.stream()
                .filter(s -> s.finished() > 0)
                .max(Comparator.comparingDouble(Size::finished))
                .orElse(null);
    }

    /** @return the largest history a JVM started on, or null */
    Size largestStarted() {
        return sizes.stream()
                .filter(s ->
                        s.finished() > 0 && s.judged() != null && s.judged().firstDurableMs() != null)
                .max(Comparator.comparingDouble(Size::finished))
                .orElse(null);
    }

    /** @return journal bytes per generated execution, from the largest history written, or null */
    Double bytesPerExecution() {
        return sizes.stream()
                .filter(s -> s.bytesPerExecution() != null)
                .max(Comparator.comparingDouble(Size::finished))
                .map(Size::bytesPerExecution)
                .orElse(null);
    }

    /** @return a history's time to the first durable call over the empty journal's (judged starts), or null */
    Double startupRatio(Size s) {
        Size e = empty();
        return s == null || e == null || s.judged() == null || e.judged() == null
                ? null
                : Format.div(s.judged().firstDurableMs(), e.judged().firstDurableMs());
    }

    /** @return the heap a history adds over the empty journal's, per finished execution, in bytes, or null */
    Double heapPerFinished(Size s) {
        Size e = empty();
        return s == null || e == null || s.judged() == null || e.judged() == null || s.finished() == 0
                ? null
                : Format.div(Format.minus(s.judged().heapBytes(), e.judged().heapBytes()), s.finished());
    }

    /**
     * Part (b): a steady load with a short retention, the journal directory's size sampled every second.
     *
     * @param error why it failed, or null
     * @param retention the agent's {@code retention} option
     * @param threads threads running executions
     * @param seconds how long they ran
     * @param executions executions run
     * @param callsPerS journaled calls per second
     * @param series the directory's total bytes over time, from the first sample
     * @param compactionSigns segment files removed or shrunk, and compaction files seen, in the whole run
     * @param segmentsAtEnd segment files in the last sample
     * @param verify what {@code lazarus verify} said of the journal at the end ("clean", or its complaint)
     */
    record Disk(
            String error,
            String retention,
            Double threads,
            Double seconds,
            Double executions,
            Double callsPerS,
            List<Point> series,
            Double compactionSigns,
            Double segmentsAtEnd,
            String verify) {

        /** @return the largest size sampled in the last third of the run, or null */
        Double lastThirdPeak() {
            return peak(true);
        }

        /** @return the largest size sampled before the last third of the run, or null */
        Double earlierPeak() {
            return peak(false);
        }

        private Double peak(boolean lastThird) {
            if (series.isEmpty()) {
                return null;
            }
            double border = series.get(series.size() - 1).seconds() * 2 / 3;
            return series.stream()
                    .filter(p -> lastThird == (p.seconds() >= border))
                    .mapToDouble(Point::bytes)
                    .boxed()
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        }

        /** @return how fast the directory grew over the last third of the run, bytes per second, or null */
        Double lastThirdGrowthPerS() {
            if (series.size() < 2) {
                return null;
            }
            Point last = series.get(series.size() - 1);
            Point from = series.stream()
                    .filter(p -> p.seconds() >= last.seconds() * 2 / 3)
                    .findFirst()
                    .orElse(last);
            return last.seconds() > from.seconds()
                    ? (last.bytes() - from.bytes()) / (last.seconds() - from.seconds())
                    : null;
        }

        /** @return the last third's peak over the peak before it: how much the journal still grew at the end */
        Double growth() {
            return Format.div(lastThirdPeak(), earlierPeak());
        }

        /** @return the smallest size sampled, or null */
        Double min() {
            OptionalDouble v = series.stream().mapToDouble(Point::bytes).min();
            return v.isPresent() ? v.getAsDouble() : null;
        }

        /** @return the largest size sampled, or null */
        Double max() {
            OptionalDouble v = series.stream().mapToDouble(Point::bytes).max();
            return v.isPresent() ? v.getAsDouble() : null;
        }

        /** @return the last size sampled (after the JVM exited), or null */
        Double last() {
            return series.isEmpty() ? null : series.get(series.size() - 1).bytes();
        }
    }

    /** One sample of part (b): seconds since the first, and the directory's bytes. */
    record Point(double seconds, double bytes) {}

    /**
     * Part (c): the same journal of finished executions, mostly long finished, opened by two JVMs, one with a
     * retention that keeps everything, one with a retention that leaves the old executions dead.
     *
     * @param error why it failed, or null
     * @param history finished executions in the journal
     * @param deadPercent the share of them finished long ago
     * @param historyMb the journal's size as generated
     * @param seconds the measured window
     * @param without the run with nothing to compact
     * @param during the run with the old executions dead
     */
    record Latency(
            String error,
            Double history,
            Double deadPercent,
            Double historyMb,
            Double seconds,
            Run without,
            Run during) {

        /** @return whether the agent was seen compacting during the measured window */
        boolean compactedInWindow() {
            return during.windowSigns() != null && during.windowSigns() > 0;
        }

        /** @return the p99 during compaction over the p99 without, or null when no compaction overlapped */
        Double p99Ratio() {
            return compactedInWindow() ? Format.div(during.p99Us(), without.p99Us()) : null;
        }
    }

    /**
     * One JVM of part (c).
     *
     * @param error why it failed, or null
     * @param retention its {@code retention} option
     * @param count calls measured
     * @param windowSigns signs of compaction seen in the journal directory during the measured window
     * @param runSigns the same during the whole run
     * @param windowStartMb the directory's size when the window opened
     * @param windowEndMb its size when the window closed
     */
    record Run(
            String error,
            String retention,
            Double count,
            Double p50Us,
            Double p99Us,
            Double p999Us,
            Double maxUs,
            Double windowSigns,
            Double runSigns,
            Double windowStartMb,
            Double windowEndMb) {}
}
