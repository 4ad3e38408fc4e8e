package dev.lazarus.it.loaders;

import dev.lazarus.it.apps.loaders.ShopApp;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.launcher.ChildFirstClassLoader;
import dev.lazarus.it.launcher.ChildFirstLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application under a servlet-container style launcher ({@link ChildFirstLauncher}): its classes,
 * the Lazarus API and its libraries are loaded child-first by a {@link ChildFirstClassLoader} named
 * after it, and the JVM's class path holds only the launcher. The kill-and-resume scenario of
 * {@link ShopScenario} (explicit key, the application's own result record, exception and event
 * payload):
 * <ul>
 *   <li>with one application;</li>
 *   <li>with two applications in one JVM, {@code shop-east} and {@code shop-west}: the same classes
 *       (so the same durable class name and the same execution keys) in two loaders with different
 *       names, each with an execution in flight at the kill. After the restart each resumes only its own
 *       executions, and each key answers the outcome of its own shop: an execution belongs to the
 *       application whose class loader defined its durable class, by that loader's name.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class ChildFirstTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void oneApplication(Jdk jdk, @TempDir Path dir) throws IOException {
        Path launcher = launcherClasses(dir.resolve("launcher"));
        new ShopScenario(
                        jdk,
                        dir,
                        List.of("shop"),
                        ChildFirstClassLoader.class.getName(),
                        (jvm, round) -> deploy(jvm, launcher, "shop", round))
                .killInFlightAndResume();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void twoApplicationsInOneJvm(Jdk jdk, @TempDir Path dir) throws IOException {
        Path launcher = launcherClasses(dir.resolve("launcher"));
        new ShopScenario(
                        jdk,
                        dir,
                        List.of("shop-east", "shop-west"),
                        ChildFirstClassLoader.class.getName(),
                        (jvm, round) -> deploy(jvm, launcher, "shop-east,shop-west", round))
                .killInFlightAndResume();
    }

    /** {@code ChildFirstLauncher <app class path> ShopApp <names> <round>}, only the launcher on the class path. */
    private static ChildJvm deploy(ChildJvm jvm, Path launcher, String names, String round) {
        String appPath =
                ItEnv.appClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return jvm.classpath(launcher).main(ChildFirstLauncher.class, appPath, ShopApp.class.getName(), names, round);
    }

    /** Copies the launcher's package, and nothing else, to its own directory: the child JVM's whole class path. */
    private static Path launcherClasses(Path target) throws IOException {
        String pkg = ChildFirstLauncher.class.getPackageName().replace('.', '/');
        Path from = ItEnv.appClasses().resolve(pkg);
        Path to = Files.createDirectories(target.resolve(pkg));
        try (Stream<Path> classes = Files.list(from)) {
            for (Path c : (Iterable<Path>) classes.filter(p -> p.toString().endsWith(".class"))::iterator) {
                Files.copy(c, to.resolve(c.getFileName().toString()));
            }
        }
        return target;
    }
}
