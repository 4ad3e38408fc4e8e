package dev.lazarus.bench.harness.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the report prints measured values: numbers with the precision they deserve, ratios, verdicts. */
final class Format {
    /** What the report prints for a value that was not measured in this run. */
    static final String NOT_AVAILABLE = "n/a";

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private Format() {}

    /** A number with precision by magnitude (three significant figures, thousands grouped), or "n/a". */
    static String num(Double v) {
        if (v == null || v.isNaN()) {
            return NOT_AVAILABLE;
        }
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A count (of calls, runs, turns), as a whole number, or "n/a". */
    static String count(Double v) {
        return v == null || v.isNaN() ? NOT_AVAILABLE : String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /** A value as the run reported it, or "n/a". */
    static String text(String v) {
        return v == null || v.isEmpty() ? NOT_AVAILABLE : v;
    }

    /** @return {@code a / b}, or null if either is unknown or {@code b} is zero */
    static Double div(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    /** @return {@code a - b}, or null if either is unknown */
    static Double minus(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    /** A ratio such as "1.23×", or "n/a". */
    static String times(Double ratio) {
        return ratio == null ? NOT_AVAILABLE : num(ratio) + "×";
    }

    /** "**met**" or "**missed**" against a target that is a maximum ({@code atMost}) or a minimum. */
    static String met(Double v, double target, boolean atMost) {
        if (v == null) {
            return "not measured";
        }
        boolean ok = atMost ? v <= target : v >= target;
        return ok ? "**met**" : "**missed**";
    }

    /** The 1-minute load average in an {@code uptime} line. */
    static Double load1(String uptime) {
        if (uptime == null) {
            return null;
        }
        int i = uptime.indexOf("load average:");
        return i < 0 ? null : firstNumber(uptime.substring(i + "load average:".length()));
    }

    static Double firstNumber(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Double.valueOf(m.group()) : null;
    }
}
