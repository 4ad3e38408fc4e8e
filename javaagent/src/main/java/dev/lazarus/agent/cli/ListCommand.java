package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.json.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code list --journal DIR [--state S] [--name N] [--limit N] [--json]}: the executions of a journal, read in one
 * streaming pass ({@link JournalStream}) that holds only the executions open at each point of the journal.
 * Finished executions come first, in the order they finished, each printed as its finish is read; then the
 * unfinished ones, in the order they started. {@code --limit N} keeps the last N rows of that (the most
 * recently finished and the unfinished ones), holding N rows, not the journal.
 */
final class ListCommand implements Command {
    private static final Set<String> STATES = Set.of("RUNNING", "WAITING", "COMPLETED", "FAILED", "DIVERGED");

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String usage() {
        return "--journal DIR [--state RUNNING|WAITING|COMPLETED|FAILED|DIVERGED] [--name TEXT] [--limit N] [--json]"
                + "   executions: id, durable name, key, state, age, steps; finished ones in the order they"
                + " finished, then the unfinished; --limit N: the last N of them";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "state", "name", "limit");
    }

    @Override
    public Set<String> switches() {
        return Set.of("json");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        args.exactly();
        String state = args.option("state");
        if (state != null && !STATES.contains(state.toUpperCase(Locale.ROOT))) {
            throw new CliException("--state " + state + " is not one of RUNNING, WAITING, COMPLETED, FAILED, DIVERGED");
        }
        String name = args.option("name");
        int limit = limit(args.option("limit"));
        OperatorActions actions = OperatorActions.read(journal);
        Rows rows = new Rows(out, args.has("json"), limit, System.currentTimeMillis());
        JournalStream stream = JournalStream.read(journal, actions, e -> {
            if (shown(e, state, name)) {
                rows.add(e);
            }
        });
        for (ExecutionSummary e : stream.unfinished()) {
            if (shown(e, state, name)) {
                rows.add(e);
            }
        }
        rows.end();
        return 0;
    }

    private static boolean shown(ExecutionSummary e, String state, String name) {
        return (state == null || e.state().name().equalsIgnoreCase(state))
                && (name == null || e.durableName.contains(name));
    }

    private static int limit(String text) throws CliException {
        if (text == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new CliException("--limit " + text + " is not a positive whole number of rows");
    }

    /**
     * The rows as they come: printed at once, or, under a limit, the last {@code limit} of them kept (formatted,
     * so an execution's summary is let go as soon as its row is made) and printed at the end.
     */
    private static final class Rows {
        private final PrintStream out;
        private final boolean json;
        private final int limit;
        private final long now;
        private final ArrayDeque<String> kept = new ArrayDeque<>();
        private boolean first = true;

        Rows(PrintStream out, boolean json, int limit, long now) {
            this.out = out;
            this.json = json;
            this.limit = limit;
            this.now = now;
            if (json) {
                out.print('[');
            } else {
                out.printf("%-28s %-10s %-8s %6s  %-40s %s%n", "ID", "STATE", "AGE", "STEPS", "NAME", "KEY");
            }
        }

        void add(ExecutionSummary e) {
            String row = json ? Json.write(jsonRow(e)) : textRow(e);
            if (limit == Integer.MAX_VALUE) {
                print(row);
                return;
            }
            if (kept.size() == limit) {
                kept.removeFirst();
            }
            kept.addLast(row);
        }

        void end() {
            while (!kept.isEmpty()) {
                print(kept.removeFirst());
            }
            if (json) {
                out.println(']');
            }
        }

        private void print(String row) {
            if (json) {
                out.print(first ? row : "," + row);
            } else {
                out.println(row);
            }
            first = false;
        }

        /** The columns of the header, padded by hand: {@code String.format} per row was most of a long listing's time. */
        private String textRow(ExecutionSummary e) {
            StringBuilder row = new StringBuilder(160);
            pad(row, e.id, 28).append(' ');
            pad(row, e.state().name(), 10).append(' ');
            pad(row, age(now - e.startedAtMillis), 8).append(' ');
            String steps = Integer.toString(e.steps);
            row.append(" ".repeat(Math.max(0, 6 - steps.length())))
                    .append(steps)
                    .append("  ");
            pad(row, e.durableName, 40).append(' ');
            return row.append(abbreviate(e.key, 40)).toString();
        }

        private static StringBuilder pad(StringBuilder row, String text, int width) {
            row.append(text);
            for (int i = text.length(); i < width; i++) {
                row.append(' ');
            }
            return row;
        }

        private static Map<String, Object> jsonRow(ExecutionSummary e) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", e.id);
            row.put("name", e.durableName);
            row.put("key", e.key);
            row.put("state", e.state().name());
            row.put("startedAt", e.startedAtMillis);
            row.put("steps", e.steps);
            row.put("recoveries", e.recoveries);
            row.put("parent", e.parentId);
            return row;
        }
    }

    static String age(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toDays() > 0) {
            return d.toDays() + "d" + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }

    static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? String.valueOf(s) : s.substring(0, max - 3) + "...";
    }
}
