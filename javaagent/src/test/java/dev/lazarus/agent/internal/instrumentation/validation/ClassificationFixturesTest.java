package dev.lazarus.agent.internal.instrumentation.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lazarus.Durable;
import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.instrumentation.ClassificationRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classification of every call site of the fixtures' durable bodies, checked against the expectation
 * written on the fixture line (the way JaCoCo's validation targets and Temporal's workflowcheck test data
 * are written), for the class files three compilers make of them:
 * <ul>
 *   <li>{@code src/test/fixtures/java}: the running JDK's javac, {@code --release 17}; and JDK 25's javac,
 *       {@code --release 21}, together with {@code src/test/fixtures/java21} (switch patterns, record
 *       patterns, sequenced collections);</li>
 *   <li>{@code src/test/fixtures/kotlin}: the Kotlin compiler, in this JVM.</li>
 * </ul>
 * The grammar of the markers is described in {@link FixtureSource} and {@link Expectation}. Each compiler
 * runs once for all its files; its class files are instrumented by the agent's rewriter exactly as the
 * agent would, with the agent options the fixtures ask for.
 */
class ClassificationFixturesTest {
    private static final Path FIXTURES =
            Path.of(System.getProperty("basedir", ".")).resolve("src/test/fixtures");
    /** JDK 25's javac; another location can be given with {@code -Dlazarus.jdk25.javac=...}. */
    private static final Path JDK25_JAVAC =
            Path.of(System.getProperty("lazarus.jdk25.javac", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/javac"));

    @TempDir
    static Path out;

    private static final Map<String, InstrumentedFixtures> RUNS = new ConcurrentHashMap<>();

    @Test
    void javacForRelease17MeetsEveryExpectation() throws Exception {
        assertMeetsExpectations(javac17());
    }

    @Test
    void javacOfJdk25ForRelease21MeetsEveryExpectation() throws Exception {
        assumeTrue(
                Files.isExecutable(JDK25_JAVAC),
                "no JDK 25 javac at " + JDK25_JAVAC
                        + " (set -Dlazarus.jdk25.javac): the release 21 fixtures are not compiled");
        assertMeetsExpectations(javac25());
    }

    @Test
    void kotlincMeetsEveryExpectation() throws Exception {
        assertMeetsExpectations(kotlinc());
    }

    /**
     * Every rule of the instrumentation (each kind and reason it can give a call site, each warning it can
     * give), as read from its class files, is met by some fixture line of some compiler; and every call site
     * and warning of the fixtures is explained by one of those rules, so the reading of the rules is whole.
     */
    @Test
    void everyRuleOfTheInstrumentationHasAFixtureLine() throws Exception {
        ClassifierReasons reasons = ClassifierReasons.ofInstrumentationPackage();
        List<ClassifierReasons.Rule> rules = reasons.classificationRules();
        List<String> warnings = reasons.warningTemplates();
        assertFalse(
                rules.isEmpty(),
                "no Classification.of in the instrumentation package: tell ClassifierReasons"
                        + " where the classifier makes its classifications now");
        List<InstrumentedFixtures> runs = new ArrayList<>(List.of(javac17(), kotlinc()));
        if (Files.isExecutable(JDK25_JAVAC)) {
            runs.add(javac25());
        }
        Set<Object> met = new HashSet<>();
        List<String> unexplained = new ArrayList<>();
        for (InstrumentedFixtures run : runs) {
            for (ClassifiedSite site : run.sites()) {
                ClassifierReasons.Rule rule =
                        ClassifierReasons.mostSpecific(rules, r -> r.matches(site.kind(), site.reason()));
                if (rule == null) {
                    unexplained.add(site.location() + ": " + site.kind() + " \"" + site.reason() + "\"");
                }
                met.add(rule);
            }
            for (PlacedWarning w : run.warnings()) {
                String template =
                        ClassifierReasons.mostSpecific(warnings, t -> ClassifierReasons.matchesTemplate(t, w.text()));
                if (template == null) {
                    unexplained.add(w.file() + ":" + w.line() + ": warning \"" + w.text() + "\"");
                }
                met.add(template);
            }
        }
        List<String> unmet = new ArrayList<>();
        rules.stream().filter(r -> !met.contains(r)).forEach(r -> unmet.add("classification " + r));
        warnings.stream()
                .filter(t -> !met.contains(t))
                .forEach(t -> unmet.add("warning \"" + ClassifierReasons.readable(t) + "\""));
        assertEquals(
                List.of(),
                unmet,
                () -> "rules of the instrumentation no fixture line meets (add a line that"
                        + " does to a fixture under " + FIXTURES + "):\n" + String.join("\n", unmet));
        assertEquals(
                List.of(),
                unexplained,
                () -> "call sites and warnings no rule read from the instrumentation's"
                        + " class files explains (ClassifierReasons misses where they are made):\n"
                        + String.join("\n", unexplained));
    }

    /**
     * A changed expectation, a dropped retry, a dropped known-wrong marker (the classifier still answers what
     * it marked), a dropped warning, and a warning marked missing that comes, each fail, naming only that line.
     */
    @Test
    void theCheckFailsWhenOneExpectationChanges() throws Exception {
        InstrumentedFixtures run = javac17();
        Path callSites = FIXTURES.resolve("java/dev/lazarus/fixtures/CallSites.java");
        assertFailsAtTheChangedLine(run, callSites, "// expect: JOURNALED", "// expect: RECOMPUTED");
        assertFailsAtTheChangedLine(run, callSites, "// expect: JOURNALED retried", "// expect: JOURNALED");
        assertFailsAtTheChangedLine(run, callSites, "  // known wrong (transparent effects): JOURNALED", "");
        Path warnings = FIXTURES.resolve("java/dev/lazarus/fixtures/Warnings.java");
        assertFailsAtTheChangedLine(run, warnings, "  // expect-warning: synchronized block", "");
        assertFailsAtTheChangedLine(
                run,
                warnings,
                "  // expect-warning: synchronized block",
                "  // known missing warning (branches): synchronized block");
    }

    private void assertFailsAtTheChangedLine(InstrumentedFixtures run, Path file, String marker, String replacement)
            throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int index = -1;
        for (int i = 0; i < lines.size() && index < 0; i++) {
            if (lines.get(i).endsWith(marker)) {
                index = i;
            }
        }
        assertTrue(index >= 0, "no line of " + file + " ends with " + marker);
        lines.set(index, lines.get(index).substring(0, lines.get(index).length() - marker.length()) + replacement);
        Map<String, FixtureSource> sources = sources(run.compiled().sources());
        sources.put(
                file.getFileName().toString(),
                FixtureSource.parse(file.getFileName().toString(), lines));
        List<String> problems = ExpectationCheck.problems(run, sources);
        String location = file.getFileName() + ":" + (index + 1) + ":";
        assertFalse(problems.isEmpty(), "changing '" + marker + "' at " + location + " went unnoticed");
        assertTrue(
                problems.stream().allMatch(p -> p.startsWith(location)),
                "only the changed line " + location + " fails:\n" + String.join("\n", problems));
    }

    private static void assertMeetsExpectations(InstrumentedFixtures run) throws IOException {
        List<String> problems =
                ExpectationCheck.problems(run, sources(run.compiled().sources()));
        assertEquals(
                List.of(),
                problems,
                () -> problems.size() + " fixture line(s) do not hold for "
                        + run.compiled().compiler() + ":\n" + String.join("\n", problems));
    }

    static InstrumentedFixtures javac17() throws Exception {
        return run("javac17", dir -> FixtureCompiler.javac(17, javaSources(false), javaClassPath(), dir));
    }

    static InstrumentedFixtures javac25() throws Exception {
        return run(
                "javac25",
                dir -> FixtureCompiler.javacProcess(JDK25_JAVAC, 21, javaSources(true), javaClassPath(), dir));
    }

    static InstrumentedFixtures kotlinc() throws Exception {
        List<Path> classPath = new ArrayList<>(javaClassPath());
        classPath.add(FixtureCompiler.locationOf(kotlin.Unit.class));
        return run(
                "kotlinc",
                dir -> FixtureCompiler.kotlinc(
                        FixtureCompiler.sourcesUnder(FIXTURES.resolve("kotlin"), ".kt"), classPath, dir));
    }

    /** Compiles into a fresh directory and instruments, once per compiler for the whole class. */
    private static InstrumentedFixtures run(String key, Compilation compilation) throws Exception {
        InstrumentedFixtures done = RUNS.get(key);
        if (done != null) {
            return done;
        }
        Path dir = Files.createDirectories(out.resolve(key));
        FixtureCompiler.Compiled compiled = compilation.compile(dir);
        InstrumentedFixtures run = InstrumentedFixtures.of(compiled, sources(compiled.sources()), rules());
        RUNS.put(key, run);
        return run;
    }

    /** One compiler's run over the fixtures. */
    private interface Compilation {
        FixtureCompiler.Compiled compile(Path out) throws Exception;
    }

    private static List<Path> javaSources(boolean withRelease21) throws IOException {
        List<Path> sources = new ArrayList<>(FixtureCompiler.sourcesUnder(FIXTURES.resolve("java"), ".java"));
        if (withRelease21) {
            sources.addAll(FixtureCompiler.sourcesUnder(FIXTURES.resolve("java21"), ".java"));
        }
        return sources;
    }

    private static List<Path> javaClassPath() {
        return List.of(FixtureCompiler.locationOf(Durable.class), FixtureCompiler.locationOf(org.slf4j.Logger.class));
    }

    /** @return the files parsed, by name (class files know their source by name only, so names are unique) */
    static Map<String, FixtureSource> sources(List<Path> files) {
        Map<String, FixtureSource> sources = new LinkedHashMap<>();
        for (Path f : files) {
            FixtureSource previous = sources.put(f.getFileName().toString(), FixtureSource.read(f));
            if (previous != null) {
                throw new AssertionError("two fixture files are named " + f.getFileName() + ": rename one");
            }
        }
        return sources;
    }

    /** The agent options every fixture file asks for, read as the agent reads its options. */
    static ClassificationRules rules() throws IOException {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        List<Path> all;
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            all = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path f : all) {
            for (String option : FixtureSource.read(f).agentOptions()) {
                int eq = option.indexOf('=');
                byKey.computeIfAbsent(option.substring(0, eq), k -> new ArrayList<>())
                        .add(option.substring(eq + 1));
            }
        }
        String args = byKey.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(";", e.getValue()))
                .collect(Collectors.joining(","));
        AgentConfig config = AgentConfig.parse(args, new Properties());
        return ClassificationRules.of(config.journaled(), config.recomputed()).withRetries(config.retries());
    }
}
