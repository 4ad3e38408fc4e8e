package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.json.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code list --journal DIR [--state S] [--name N] [--json]}: the executions of a journal. */
final class ListCommand implements Command {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String usage() {
        return "--journal DIR [--state RUNNING|WAITING|COMPLETED|FAILED|DIVERGED] [--name TEXT] [--json]"
                + "   executions: id, durable name, key, state, age, steps";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "state", "name");
    }

    @Override
    public Set<String> switches() {
        return Set.of("json");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        JournalView view = JournalView.read(args.journal());
        args.exactly();
        String state = args.option("state");
        if (state != null
                && !Set.of("RUNNING", "WAITING", "COMPLETED", "FAILED", "DIVERGED")
                        .contains(state.toUpperCase(Locale.ROOT))) {
            throw new CliException("--state " + state + " is not one of RUNNING, WAITING, COMPLETED, FAILED, DIVERGED");
        }
        String name = args.option("name");
        List<JournalView.Execution> shown = new ArrayList<>();
        for (JournalView.Execution e : view.executions.values()) {
            if ((state == null || e.state().name().equalsIgnoreCase(state))
                    && (name == null || e.started.durableName().contains(name))) {
                shown.add(e);
            }
        }
        long now = System.currentTimeMillis();
        if (args.has("json")) {
            List<Object> rows = new ArrayList<>();
            for (JournalView.Execution e : shown) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.id());
                row.put("name", e.started.durableName());
                row.put("key", e.started.key());
                row.put("state", e.state().name());
                row.put("startedAt", e.started.startedAtMillis());
                row.put("steps", e.steps);
                row.put("recoveries", e.recoveries);
                row.put("parent", e.started.parentId());
                rows.add(row);
            }
            out.println(Json.write(rows));
            return 0;
        }
        out.printf("%-28s %-10s %-8s %6s  %-40s %s%n", "ID", "STATE", "AGE", "STEPS", "NAME", "KEY");
        for (JournalView.Execution e : shown) {
            out.printf(
                    "%-28s %-10s %-8s %6d  %-40s %s%n",
                    e.id(),
                    e.state(),
                    age(now - e.started.startedAtMillis()),
                    e.steps,
                    e.started.durableName(),
                    abbreviate(e.started.key(), 40));
        }
        return 0;
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
