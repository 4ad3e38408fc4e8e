package dev.lazarus.agent.internal.instrumentation.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fixture source file and what its comments expect of the instrumentation:
 * <ul>
 *   <li>{@code // expect: LIST} on a line: the classification of each call site on that line (see
 *       {@link Expectation});</li>
 *   <li>{@code // known wrong (WORK): LIST} after it: what the classifier answers today where that is not
 *       right, WORK naming the work that will make it right. The check holds the classifier to this answer,
 *       so a change that makes the line right fails until the marker is removed;</li>
 *   <li>{@code // expect without a line: LIST}: the classification of call sites the class file places on no
 *       line (code a compiler emits before a method's first line number), from any class of this file;</li>
 *   <li>{@code // expect-warning: TEXT}: a warning at instrumentation naming this line and containing TEXT;
 *       {@code // expect-warning without a line: TEXT}: a warning that names no line, from a class of this file;
 *       {@code // known missing warning (WORK): TEXT}: a warning containing TEXT should name this line but none
 *       does today (the check fails once it comes, so the marker becomes an expect-warning);</li>
 *   <li>{@code // agent-option: KEY=VALUE}: an agent option the fixtures are instrumented with;</li>
 *   <li>{@code // class-file: version N} and {@code // class-file: no SourceFile}: what is done to this
 *       file's classes before they are instrumented, to stand for classes no compiler here makes (a
 *       library compiled for Java 6, a build that drops debug attributes).</li>
 * </ul>
 * A marker's text runs to the next {@code //} or the end of the line.
 */
final class FixtureSource {
    private static final String TEXT = "\\s*(.*?)\\s*(?=//|$)";
    private static final Pattern EXPECT = Pattern.compile("//\\s*expect:" + TEXT);
    private static final Pattern KNOWN_WRONG = Pattern.compile("//\\s*known wrong \\(([^)]+)\\):" + TEXT);
    private static final Pattern UNPLACED_EXPECT = Pattern.compile("//\\s*expect without a line:" + TEXT);
    private static final Pattern WARNING = Pattern.compile("//\\s*expect-warning:" + TEXT);
    private static final Pattern UNPLACED_WARNING = Pattern.compile("//\\s*expect-warning without a line:" + TEXT);
    private static final Pattern MISSING_WARNING = Pattern.compile("//\\s*known missing warning \\(([^)]+)\\):" + TEXT);
    private static final Pattern OPTION = Pattern.compile("^\\s*//\\s*agent-option:\\s*(\\S+)\\s*$");
    private static final Pattern VERSION = Pattern.compile("^\\s*//\\s*class-file: version (\\d+)\\s*$");
    private static final Pattern NO_SOURCE_FILE = Pattern.compile("^\\s*//\\s*class-file: no SourceFile\\s*$");

    /** What one line expects of its call sites. */
    record LineExpectation(Expectation right, Expectation today, String work) {}

    private final String name;
    private final int lineCount;
    private final Map<Integer, LineExpectation> calls = new TreeMap<>();
    private final Map<Integer, List<String>> warnings = new TreeMap<>();
    private final List<String> unplacedWarnings = new ArrayList<>();
    private final Map<Integer, List<String>> missingWarnings = new TreeMap<>();
    private LineExpectation unplacedCalls;
    private final List<String> agentOptions = new ArrayList<>();
    private Integer classFileVersion;
    private boolean withoutSourceFile;

    private FixtureSource(String name, int lineCount) {
        this.name = name;
        this.lineCount = lineCount;
    }

    /** Reads and parses a fixture file. */
    static FixtureSource read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name the file's name, as class files give it in their {@code SourceFile} attribute
     * @param lines the file's lines
     * @throws IllegalArgumentException naming file:line of a malformed marker
     */
    static FixtureSource parse(String name, List<String> lines) {
        FixtureSource source = new FixtureSource(name, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i);
            try {
                source.parseLine(line, text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + line + ": " + e.getMessage(), e);
            }
        }
        return source;
    }

    private void parseLine(int line, String text) {
        Matcher m = OPTION.matcher(text);
        if (m.matches()) {
            agentOptions.add(m.group(1));
            return;
        }
        m = VERSION.matcher(text);
        if (m.matches()) {
            classFileVersion = Integer.valueOf(m.group(1));
            return;
        }
        if (NO_SOURCE_FILE.matcher(text).matches()) {
            withoutSourceFile = true;
            return;
        }
        Matcher expect = EXPECT.matcher(text);
        Matcher wrong = KNOWN_WRONG.matcher(text);
        boolean hasExpect = expect.find();
        boolean hasWrong = wrong.find();
        if (hasWrong && !hasExpect) {
            throw new IllegalArgumentException(
                    "a known-wrong marker needs the right answer in an expect: marker before it");
        }
        if (hasExpect) {
            Expectation right = Expectation.parse(expect.group(1));
            Expectation today = hasWrong ? Expectation.parse(wrong.group(2)) : null;
            if (today != null) {
                for (Expectation.Entry e : today.named()) {
                    Expectation.Entry r = right.entryFor(e.callee());
                    if (r != null && r.kind() == e.kind() && r.retried() == e.retried()) {
                        throw new IllegalArgumentException("known wrong '" + e.callee() + " " + e.classification()
                                + "' is what the line expects anyway");
                    }
                }
            }
            calls.put(line, new LineExpectation(right, today, hasWrong ? wrong.group(1) : null));
        }
        Matcher unplacedCall = UNPLACED_EXPECT.matcher(text);
        if (unplacedCall.find()) {
            if (unplacedCalls != null) {
                throw new IllegalArgumentException("a second 'expect without a line' marker: write one list");
            }
            unplacedCalls = new LineExpectation(Expectation.parse(unplacedCall.group(1)), null, null);
        }
        Matcher unplaced = UNPLACED_WARNING.matcher(text);
        while (unplaced.find()) {
            unplacedWarnings.add(unplaced.group(1));
        }
        Matcher missing = MISSING_WARNING.matcher(text);
        while (missing.find()) {
            missingWarnings.computeIfAbsent(line, l -> new ArrayList<>()).add(missing.group(2));
        }
        Matcher warning = WARNING.matcher(text);
        while (warning.find()) {
            warnings.computeIfAbsent(line, l -> new ArrayList<>()).add(warning.group(1));
        }
    }

    /** @return the file's name */
    String name() {
        return name;
    }

    /** @return how many lines the file has (a class file's larger line numbers are inlined code) */
    int lineCount() {
        return lineCount;
    }

    /** @return the call expectations by line */
    Map<Integer, LineExpectation> calls() {
        return calls;
    }

    /** @return what call sites on no line expect, or {@code null} */
    LineExpectation unplacedCalls() {
        return unplacedCalls;
    }

    /** @return the expected warnings by line: texts each warning must contain */
    Map<Integer, List<String>> warnings() {
        return warnings;
    }

    /** @return texts of warnings that should name these lines but do not today, by line */
    Map<Integer, List<String>> missingWarnings() {
        return missingWarnings;
    }

    /** @return texts of expected warnings that name no line */
    List<String> unplacedWarnings() {
        return unplacedWarnings;
    }

    /** @return the agent options this file asks for, as {@code key=value} */
    List<String> agentOptions() {
        return agentOptions;
    }

    /** @return the class-file major version to give this file's classes, or {@code null} to keep theirs */
    Integer classFileVersion() {
        return classFileVersion;
    }

    /** @return whether this file's classes lose their {@code SourceFile} attribute before they are instrumented */
    boolean withoutSourceFile() {
        return withoutSourceFile;
    }
}
