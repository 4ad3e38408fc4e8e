package dev.lazarus.agent.internal.instrumentation.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a class file's line numbers to lines of its source file. Kotlin gives code it inlines from another
 * function (the standard library's {@code map}, a user's {@code inline fun}) line numbers past the end of the
 * file, and records in the class's {@code SourceDebugExtension} (JSR-45 SMAP) which source line called the
 * inline function: its {@code KotlinDebug} stratum maps each such line to the line of the call, which is
 * where a fixture writes what it expects of the inlined calls. Without that stratum, lines map to themselves.
 */
final class SourceMap {
    /** Output lines {@code [from, from + count * step)} come from input line {@code input} (and the ones after it). */
    private record Range(int input, int from, int count, int step) {
        boolean covers(int line) {
            return line >= from && line < from + count * step;
        }

        int map(int line) {
            return input + (line - from) / step;
        }
    }

    private static final SourceMap IDENTITY = new SourceMap(List.of());

    private final List<Range> ranges;

    private SourceMap(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * @param smap the class's {@code SourceDebugExtension}, or {@code null}
     * @return the map
     */
    static SourceMap of(String smap) {
        if (smap == null) {
            return IDENTITY;
        }
        List<Range> ranges = new ArrayList<>();
        boolean debugStratum = false;
        boolean lineSection = false;
        for (String raw : smap.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("*S ")) {
                debugStratum = line.equals("*S KotlinDebug");
                lineSection = false;
            } else if (line.equals("*L")) {
                lineSection = true;
            } else if (line.startsWith("*")) {
                lineSection = false;
            } else if (debugStratum && lineSection && !line.isEmpty()) {
                ranges.add(parse(line));
            }
        }
        return new SourceMap(ranges);
    }

    /** {@code InputStart[#FileId][,RepeatCount]:OutputStart[,OutputIncrement]} */
    private static Range parse(String entry) {
        String[] sides = entry.split(":");
        String input = sides[0];
        int repeat = 1;
        int comma = input.indexOf(',');
        if (comma >= 0) {
            repeat = Integer.parseInt(input.substring(comma + 1));
            input = input.substring(0, comma);
        }
        int hash = input.indexOf('#');
        int inputStart = Integer.parseInt(hash >= 0 ? input.substring(0, hash) : input);
        String[] output = sides[1].split(",");
        int outputStart = Integer.parseInt(output[0]);
        int increment = output.length > 1 ? Integer.parseInt(output[1]) : 1;
        return new Range(inputStart, outputStart, repeat, Math.max(increment, 1));
    }

    /** @return the source line a class-file line stands for */
    int sourceLine(int classFileLine) {
        for (Range r : ranges) {
            if (r.covers(classFileLine)) {
                return r.map(classFileLine);
            }
        }
        return classFileLine;
    }
}
