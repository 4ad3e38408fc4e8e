package dev.lazarus.agent.internal.config;

import dev.lazarus.LazarusException;

/** Durations as users write them in annotations and options: {@code 500ms}, {@code 1s}, {@code 5m}, {@code 2h}, {@code 7d}. */
public final class Durations {
    private Durations() {}

    /**
     * @param text such as {@code 1s}
     * @return milliseconds
     * @throws LazarusException (LAZ-006) for text that is not a duration
     */
    public static long millis(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit;
        String number;
        if (t.endsWith("ms")) {
            unit = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            unit = 86_400_000;
            number = t.substring(0, t.length() - 1);
        } else {
            throw bad(text);
        }
        try {
            double n = Double.parseDouble(number.trim());
            if (n < 0 || Double.isNaN(n)) {
                throw bad(text);
            }
            return (long) (n * unit);
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private static LazarusException bad(String text) {
        return new LazarusException("LAZ-006", "'" + text + "' is not a duration; write it as 500ms, 1s, 5m, 2h or 7d");
    }
}
