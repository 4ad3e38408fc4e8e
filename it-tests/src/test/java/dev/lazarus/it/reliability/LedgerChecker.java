package dev.lazarus.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the crash loop's ledger incrementally (what the outside world saw, written by
 * {@code apps.reliability.ChainService}) and checks, line by line, the exactly-once promises (docs/SPEC.md §6.3):
 * <ul>
 *   <li>a call whose outcome was journaled never runs again: a step that happened again must have been the
 *       <em>last</em> thing its pipeline did in the earlier process (so it was in flight when that process was
 *       killed), in a different process, and at most once per pipeline per killed process;</li>
 *   <li>a call that ran again ran with the same {@code stepKey()}, and no two calls share a step key;</li>
 *   <li>the values a pipeline got are the journaled ones: each step was given, as {@code prev}, the value of
 *       the latest occurrence of the step before it (the one whose outcome the journal kept), and the published
 *       result is made of the latest occurrence of every step;</li>
 *   <li>nothing of a pipeline runs after a process printed its result (its end was journaled).</li>
 * </ul>
 * Violations are collected as one-line messages, with the process that caused them.
 *
 * <p>With a finite {@code retention} the agent forgets finished executions: a pipeline called again under its
 * key after that runs again from its first step, as the SPEC says it must. The checker takes a finished pipeline
 * whose first step runs again (given {@code prev=start}) for such a new execution only when that step ran at
 * least {@code retention} after the pipeline's publish: the engine journals the end after the publish and expires
 * an execution only once {@code retention} has passed since its end, so no earlier re-run can be legitimate (it
 * is reported as a violation, as without retention).
 */
final class LedgerChecker {
    /** One real side effect. {@code k} is the step number, or {@code steps + 1} for the publish. */
    record Occurrence(
            String pipeline, int k, String value, String stepKey, String prev, long pid, long millis, long line) {
        @Override
        public String toString() {
            return "ledger line " + line + " (" + pipeline + (k > 0 ? " step " + k : "") + " = " + value + " sk="
                    + stepKey + " pid=" + pid + ")";
        }
    }

    private static final class Pipeline {
        final List<List<Occurrence>> occurrences = new ArrayList<>();
        final Map<Long, Occurrence> lastInProcess = new HashMap<>();
        Long finishedBy; // pid of the process that printed its result
        Occurrence first;

        Pipeline(int steps) {
            for (int k = 0; k <= steps + 1; k++) {
                occurrences.add(new ArrayList<>());
            }
        }

        Occurrence latest(int k) {
            List<Occurrence> l = occurrences.get(k);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }
    }

    private final Path file;
    private final int steps;
    private final long retentionMillis;
    private int expiredReruns;
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, String> stepKeys = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    /** Duplicates by the pid of the process whose call was in flight. */
    private final Map<Long, Integer> duplicatesByKilledPid = new HashMap<>();

    private long offset;
    private long lines;
    private int duplicates;
    private String partial = "";
    private int tornLines;

    LedgerChecker(Path file, int steps) {
        this(file, steps, Long.MAX_VALUE);
    }

    /**
     * @param file the ledger
     * @param steps the pipelines' number of steps
     * @param retentionMillis the agent's {@code retention}, {@code Long.MAX_VALUE} if nothing expires in the run
     */
    LedgerChecker(Path file, int steps, long retentionMillis) {
        this.file = file;
        this.steps = steps;
        this.retentionMillis = retentionMillis;
    }

    /**
     * Drops the unfinished last line a killed process left, once it is dead. Linux looks for a fatal signal between
     * the pages a {@code write} copies, so a SIGKILL can cut a ledger line where it crosses a 4 KiB boundary of the
     * file: the outside world's own record of a call that was in flight is torn. Left in place, the next process's
     * first line would be read as its continuation (the torn line's fields overwritten by the next line's), and the
     * checker would blame the engine for a duplicate it never caused. The call itself never returned, so a run of it
     * in the next process is the ordinary in-flight duplicate.
     *
     * @return whether a torn line was dropped
     */
    boolean dropTornLine() {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep == size) {
                return false;
            }
            ch.truncate(keep);
            ch.force(true);
            tornLines++;
            if (offset > keep) {
                offset = keep;
                partial = ""; // what was read past the last newline is the torn line itself
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return how many torn lines {@link #dropTornLine} dropped */
    int tornLines() {
        return tornLines;
    }

    /** Reads and checks every complete line appended since the last call; returns how many. */
    int readNew() {
        if (!Files.exists(file)) {
            return 0;
        }
        int count = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= offset) {
                return 0;
            }
            ByteBuffer b = ByteBuffer.allocate((int) (size - offset));
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    break;
                }
            }
            offset += b.position();
            String text = partial + new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
            int start = 0;
            int nl;
            while ((nl = text.indexOf('\n', start)) >= 0) {
                accept(text.substring(start, nl));
                count++;
                start = nl + 1;
            }
            partial = text.substring(start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    private void accept(String line) {
        lines++;
        int space = line.indexOf(' ');
        int arrow = line.indexOf(" -> ");
        if (space < 0 || arrow < 0) {
            violations.add("malformed ledger line " + lines + ": " + line);
            return;
        }
        String operation = line.substring(0, space);
        String argument = line.substring(space + 1, arrow);
        String[] rest = line.substring(arrow + 4).split(" ");
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < rest.length; i++) {
            int eq = rest[i].indexOf('=');
            if (eq > 0) {
                fields.put(rest[i].substring(0, eq), rest[i].substring(eq + 1));
            }
        }
        String pipeline;
        int k;
        if (operation.equals("step")) {
            int slash = argument.lastIndexOf('/');
            pipeline = argument.substring(0, slash);
            k = Integer.parseInt(argument.substring(slash + 1));
        } else if (operation.equals("publish")) {
            pipeline = argument;
            k = steps + 1;
        } else {
            violations.add("unknown ledger operation on line " + lines + ": " + line);
            return;
        }
        Occurrence o = new Occurrence(
                pipeline,
                k,
                rest[0],
                fields.get("sk"),
                fields.get("prev"),
                Long.parseLong(fields.getOrDefault("pid", "-1")),
                Long.parseLong(fields.getOrDefault("t", "0")),
                lines);
        check(o);
    }

    private void check(Occurrence o) {
        Pipeline p = pipelines.computeIfAbsent(o.pipeline(), x -> new Pipeline(steps));
        Occurrence published = p.latest(steps + 1);
        if (published != null
                && o.k() == 1
                && "start".equals(o.prev())
                && retentionMillis != Long.MAX_VALUE
                && o.millis() - published.millis() >= retentionMillis) {
            // retention expired the finished pipeline and a restart called its key again: a new execution
            expiredReruns++;
            p = new Pipeline(steps);
            pipelines.put(o.pipeline(), p);
        }
        if (p.first == null) {
            p.first = o;
        }
        if (p.finishedBy != null) {
            violations.add(o + ": ran after process " + p.finishedBy + " had returned the pipeline's result");
        }
        if (o.stepKey() == null || o.stepKey().equals("null") || o.stepKey().isEmpty()) {
            violations.add(o + ": Lazarus.stepKey() was not available inside the journaled call");
        }
        Occurrence earlier = p.latest(o.k());
        String id = o.pipeline() + "/" + o.k();
        if (earlier != null) {
            duplicates++;
            duplicatesByKilledPid.merge(earlier.pid(), 1, Integer::sum);
            if (earlier.pid() == o.pid()) {
                violations.add(o + ": ran twice in one process (first at " + earlier + ")");
            } else if (p.lastInProcess.get(earlier.pid()) != earlier) {
                violations.add(o + ": ran again although " + earlier + " was not in flight when process "
                        + earlier.pid() + " died (the pipeline went on after it there, so its outcome was journaled)");
            }
            if (!String.valueOf(earlier.stepKey()).equals(String.valueOf(o.stepKey()))) {
                violations.add(o + ": ran again with another step key than " + earlier);
            }
        } else if (o.stepKey() != null) {
            String owner = stepKeys.putIfAbsent(o.stepKey(), id);
            if (owner != null && !owner.equals(id)) {
                violations.add(o + ": step key " + o.stepKey() + " is also the step key of " + owner);
            }
        }
        if (o.k() <= steps) {
            String expectedPrev;
            if (o.k() == 1) {
                expectedPrev = "start";
            } else {
                Occurrence before = p.latest(o.k() - 1);
                expectedPrev = before == null ? null : before.value();
            }
            if (expectedPrev == null) {
                violations.add(o + ": ran before step " + (o.k() - 1) + " of its pipeline ever ran");
            } else if (!expectedPrev.equals(o.prev())) {
                violations.add(o + ": was given prev=" + o.prev() + " but the journaled value of the step before is "
                        + expectedPrev + " (a recorded step came back different)");
            }
        } else {
            String expected = expectedResult(p);
            if (!o.value().equals(expected)) {
                violations.add(o + ": published " + o.value() + " but the journaled steps make " + expected);
            }
        }
        p.occurrences.get(o.k()).add(o);
        p.lastInProcess.put(o.pid(), o);
    }

    private String expectedResult(Pipeline p) {
        List<String> values = new ArrayList<>();
        for (int k = 1; k <= steps; k++) {
            Occurrence o = p.latest(k);
            values.add(o == null ? "<step " + k + " never ran>" : o.value());
        }
        return String.join(",", values);
    }

    /** A process printed {@code RESULT pipeline result}: checks it and marks the pipeline finished. */
    void resultPrinted(String pipeline, String result, long pid) {
        Pipeline p = pipelines.get(pipeline);
        if (p == null) {
            violations.add("process " + pid + " returned " + result + " for " + pipeline + ", which never ran");
            return;
        }
        String expected = expectedResult(p);
        if (!expected.equals(result)) {
            violations.add("process " + pid + " returned " + result + " for " + pipeline
                    + " but the journaled steps make " + expected);
        }
        if (p.latest(steps + 1) == null) {
            violations.add("process " + pid + " returned the result of " + pipeline + ", which never published");
        }
        if (p.finishedBy == null) {
            p.finishedBy = pid;
        }
    }

    /** Every pipeline in {@code expected} has published the result its journaled steps make. */
    void checkComplete(Set<String> expected) {
        for (String name : expected) {
            Pipeline p = pipelines.get(name);
            if (p == null || p.latest(steps + 1) == null) {
                violations.add(name + " never published its result");
            }
        }
    }

    /**
     * @param pid a process that was killed
     * @return the pipelines whose latest side effect happened in that process and which had not published
     */
    List<String> inProgressIn(long pid) {
        List<String> out = new ArrayList<>();
        pipelines.forEach((name, p) -> {
            if (p.latest(steps + 1) == null && p.lastInProcess.containsKey(pid)) {
                out.add(name);
            }
        });
        return out;
    }

    /** @return the time of the first side effect of {@code pipeline} in process {@code pid}, or -1 */
    long firstIn(String pipeline, long pid) {
        Pipeline p = pipelines.get(pipeline);
        if (p == null) {
            return -1;
        }
        long first = -1;
        for (List<Occurrence> l : p.occurrences) {
            for (Occurrence o : l) {
                if (o.pid() == pid && (first < 0 || o.millis() < first)) {
                    first = o.millis();
                }
            }
        }
        return first;
    }

    /** @return pipelines not finished that have side effects, by name */
    List<String> unpublished() {
        List<String> out = new ArrayList<>();
        pipelines.forEach((name, p) -> {
            if (p.latest(steps + 1) == null) {
                out.add(name);
            }
        });
        return out;
    }

    List<String> violations() {
        return violations;
    }

    int duplicates() {
        return duplicates;
    }

    /** @return finished pipelines that ran again, from their first step, after retention expired them */
    int expiredReruns() {
        return expiredReruns;
    }

    int duplicatesCausedBy(long pid) {
        return duplicatesByKilledPid.getOrDefault(pid, 0);
    }

    long lines() {
        return lines;
    }

    int pipelineCount() {
        return pipelines.size();
    }
}
