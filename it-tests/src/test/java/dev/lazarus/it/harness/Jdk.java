package dev.lazarus.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A JDK the child JVMs run on. Every end-to-end scenario runs on {@link #all() both} JDK 17 and JDK 25
 * (a {@code @ParameterizedTest} with {@code @MethodSource("dev.lazarus.it.harness.Jdk#all")}); a missing
 * JDK makes its runs <em>skipped</em> with a message, never silently passed.
 *
 * <p>Found through the system properties {@code it.jdk17.home} / {@code it.jdk25.home}, else the JDK
 * running the tests (if it is that version), else a directory in {@code /usr/lib/jvm} whose
 * {@code release} file names that version.
 */
public final class Jdk {
    private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private final int feature;
    private final Path home;

    private Jdk(int feature, Path home) {
        this.feature = feature;
        this.home = home;
    }

    /** @return JDK 17 and JDK 25, for {@code @MethodSource} */
    public static Stream<Jdk> all() {
        return Stream.of(find(17), find(25));
    }

    /** @return the JDK of that feature version; {@link #available()} says whether it was found */
    public static Jdk find(int feature) {
        String override = System.getProperty("it.jdk" + feature + ".home");
        if (override != null && !override.isBlank()) {
            return new Jdk(feature, Paths.get(override));
        }
        Path current = Paths.get(System.getProperty("java.home"));
        if (versionOf(current).orElse(-1) == feature) {
            return new Jdk(feature, current);
        }
        Path preferred = Paths.get("/usr/lib/jvm/temurin-" + feature + "-jdk-amd64");
        if (versionOf(preferred).orElse(-1) == feature) {
            return new Jdk(feature, preferred);
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                List<Path> found = dirs.filter(d -> versionOf(d).orElse(-1) == feature)
                        .sorted()
                        .toList();
                if (!found.isEmpty()) {
                    return new Jdk(feature, found.get(0));
                }
            } catch (IOException e) {
                // not found
            }
        }
        return new Jdk(feature, null);
    }

    private static Optional<Integer> versionOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return whether this JDK was found */
    public boolean available() {
        return home != null && Files.isExecutable(home.resolve("bin/java"));
    }

    /** Skips the calling test, with a message, when this JDK is not installed. */
    public void assumeAvailable() {
        Assumptions.assumeTrue(
                available(),
                () -> "JDK " + feature + " not found (looked at the system property it.jdk" + feature
                        + ".home, java.home and /usr/lib/jvm/*/release): this run is SKIPPED, not passed");
    }

    /** @return the {@code java} launcher */
    public Path java() {
        return home.resolve("bin/java");
    }

    /** @return the feature version, 17 or 25 */
    public int feature() {
        return feature;
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }
}
