package dev.lazarus.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the figures of a partial run ({@code --only=… --merge}) into the results of an earlier run, so that the
 * report keeps every other figure as it was measured instead of saying "not selected in this run". The earlier
 * run's header (date, profile, machine, load) stays, and its note says which figures were measured later, when,
 * and under which load: the report's "every figure comes from this one run" is then qualified where it is read.
 */
final class ResultsMerge {
    /** A figure's key: {@code f12.…}, or with a letter for a part of the figure ({@code f9a.…}). */
    private static final Pattern FIGURE_KEY = Pattern.compile("^f(\\d+)[a-z]?\\.");

    private ResultsMerge() {}

    /** @return the figure a key belongs to, or -1 for a key of the run's header (date, machine, load, note) */
    static int figureOf(String key) {
        Matcher m = FIGURE_KEY.matcher(key);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * @param earlier the results of the run whose report is extended
     * @param fresh the results of the partial run
     * @param figures the figures the partial run measured
     * @return the earlier results with every key of {@code figures} replaced by the partial run's, in the earlier
     *     order, and the note extended
     */
    static Map<String, String> merge(Map<String, String> earlier, Map<String, String> fresh, Set<Integer> figures) {
        Map<String, String> merged = new LinkedHashMap<>();
        earlier.forEach((k, v) -> {
            if (!figures.contains(figureOf(k))) {
                merged.put(k, v);
            }
        });
        fresh.forEach((k, v) -> {
            if (figures.contains(figureOf(k))) {
                merged.put(k, v);
            }
        });
        StringBuilder names = new StringBuilder();
        for (int f : new TreeSet<>(figures)) {
            names.append(names.length() == 0 ? "" : ", ").append(f);
        }
        String later = "Figure " + names + " measured in a later run (" + fresh.getOrDefault("date", "date unknown")
                + ", profile " + fresh.getOrDefault("profile", "?") + ", load before `"
                + fresh.getOrDefault("load.before", "?") + "`, after `" + fresh.getOrDefault("load.after", "?")
                + "`); the machine is the one above.";
        String note = earlier.getOrDefault("note", "");
        // a figure measured again replaces the sentence its previous later run left
        note = note.replaceAll(
                        "Figure " + Pattern.quote(names.toString()) + " measured in a later run \\([^)]*\\); the"
                                + " machine is the one above\\.",
                        "")
                .trim();
        merged.put("note", note.isEmpty() ? later : note + " " + later);
        return merged;
    }
}
