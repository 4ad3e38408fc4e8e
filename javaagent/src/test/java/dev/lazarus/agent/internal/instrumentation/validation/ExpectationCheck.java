package dev.lazarus.agent.internal.instrumentation.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares, line by line, what the instrumentation made of one compiler's classes with what the fixture
 * lines expect. Every call site of a durable body must be answered by the expectation on its line, every
 * expectation must meet a call site, every warning must be expected on the line it names, and every
 * expected warning must come. Each problem names the fixture file:line, the compiler, what was expected
 * and what came.
 */
final class ExpectationCheck {
    private ExpectationCheck() {}

    /**
     * @param run the instrumented classes of one compiler
     * @param sources the fixture files that compiler read, by name
     * @return the problems, empty when every line holds
     */
    static List<String> problems(InstrumentedFixtures run, Map<String, FixtureSource> sources) {
        String compiler = " [" + run.compiled().compiler() + "]";
        List<String> problems = new ArrayList<>();
        for (String failure : run.failures()) {
            problems.add(failure + compiler);
        }
        Map<String, List<ClassifiedSite>> byLine = new LinkedHashMap<>();
        for (ClassifiedSite site : run.sites()) {
            byLine.computeIfAbsent(site.location(), l -> new ArrayList<>()).add(site);
        }
        for (FixtureSource source : sources.values()) {
            if (source.unplacedCalls() != null) {
                List<ClassifiedSite> sites = new ArrayList<>();
                byLine.entrySet()
                        .removeIf(e -> e.getKey().startsWith(source.name() + ":-") && sites.addAll(e.getValue()));
                checkLine(source.name() + " (no line)", source.unplacedCalls(), sites, problems, compiler);
            }
            for (Map.Entry<Integer, FixtureSource.LineExpectation> e :
                    source.calls().entrySet()) {
                String location = source.name() + ":" + e.getKey();
                List<ClassifiedSite> sites = byLine.remove(location);
                checkLine(location, e.getValue(), sites == null ? List.of() : sites, problems, compiler);
            }
        }
        for (List<ClassifiedSite> unexpected : byLine.values()) {
            for (ClassifiedSite site : unexpected) {
                problems.add(site.location() + ": the call of " + site.shortCallee() + " in " + site.method()
                        + " is classified " + describe(site) + ", but the line has no expect: marker" + compiler);
            }
        }
        checkWarnings(run.warnings(), sources, problems, compiler);
        return problems;
    }

    private static void checkLine(
            String location,
            FixtureSource.LineExpectation expected,
            List<ClassifiedSite> sites,
            List<String> problems,
            String compiler) {
        if (sites.isEmpty()) {
            problems.add(location + ": expects call sites, but no durable body has a call on this line" + compiler);
            return;
        }
        for (Expectation.Entry named : expected.right().named()) {
            if (sites.stream().noneMatch(s -> named.names(s.callee()))) {
                problems.add(location + ": expects a call of " + named.callee() + ", but the line's calls are "
                        + sites.stream()
                                .map(ClassifiedSite::shortCallee)
                                .distinct()
                                .collect(Collectors.toList())
                        + compiler);
            }
        }
        if (expected.today() != null) {
            for (Expectation.Entry named : expected.today().named()) {
                if (sites.stream().noneMatch(s -> named.names(s.callee()))) {
                    problems.add(location + ": the known-wrong marker names " + named.callee()
                            + ", which is not called on this line" + compiler);
                }
            }
        }
        for (ClassifiedSite site : sites) {
            Expectation.Entry right = expected.right().forCall(site.callee());
            if (right == null) {
                problems.add(location + ": the call of " + site.shortCallee() + " is classified " + describe(site)
                        + ", but the expect: marker names no entry for it" + compiler);
                continue;
            }
            Expectation.Entry today =
                    expected.today() == null ? null : expected.today().forCall(site.callee());
            Expectation.Entry held = today != null ? today : right;
            if (held.accepts(site.kind(), site.retried())) {
                continue;
            }
            if (today != null && right.accepts(site.kind(), site.retried())) {
                problems.add(location + ": the call of " + site.shortCallee() + " is now classified "
                        + right.classification() + " as the line expects: remove it from the known wrong ("
                        + expected.work() + ") marker" + compiler);
            } else {
                problems.add(location + ": the call of " + site.shortCallee() + " is expected "
                        + right.classification()
                        + (today != null ? " (known wrong today: " + today.classification() + ")" : "")
                        + " but is classified " + describe(site) + compiler);
            }
        }
    }

    private static void checkWarnings(
            Collection<PlacedWarning> warnings,
            Map<String, FixtureSource> sources,
            List<String> problems,
            String compiler) {
        Set<String> met = new HashSet<>();
        for (PlacedWarning w : warnings) {
            FixtureSource source = sources.get(w.file());
            List<String> expected = source == null
                    ? List.of()
                    : w.line() == 0
                            ? source.unplacedWarnings()
                            : source.warnings().getOrDefault(w.line(), List.of());
            String where = w.line() == 0 ? w.file() + " (no line named)" : w.file() + ":" + w.line();
            boolean any = false;
            for (String text : expected) {
                if (w.text().contains(text)) {
                    met.add(where + "\u0000" + text);
                    any = true;
                }
            }
            List<String> missing =
                    source == null ? List.of() : source.missingWarnings().getOrDefault(w.line(), List.of());
            if (!any && missing.stream().anyMatch(w.text()::contains)) {
                problems.add(where + ": the warning is given now: make the known missing warning marker an"
                        + " expect-warning (" + w.text() + ")" + compiler);
            } else if (!any) {
                problems.add(where + ": unexpected warning: " + w.text() + compiler);
            }
        }
        for (FixtureSource source : sources.values()) {
            for (Map.Entry<Integer, List<String>> e : source.warnings().entrySet()) {
                for (String text : e.getValue()) {
                    String where = source.name() + ":" + e.getKey();
                    if (!met.contains(where + "\u0000" + text)) {
                        problems.add(where + ": expects a warning containing '" + text + "', none came" + compiler);
                    }
                }
            }
            for (String text : source.unplacedWarnings()) {
                if (!met.contains(source.name() + " (no line named)\u0000" + text)) {
                    problems.add(source.name() + ": expects a warning without a line containing '" + text
                            + "', none came" + compiler);
                }
            }
        }
    }

    private static String describe(ClassifiedSite site) {
        return site.kind().name() + (site.retried() ? " retried" : "") + " (" + site.reason() + ")";
    }
}
