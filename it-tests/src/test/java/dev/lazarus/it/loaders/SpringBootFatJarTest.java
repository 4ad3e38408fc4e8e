package dev.lazarus.it.loaders;

import dev.lazarus.it.apps.loaders.ShopRounds;
import dev.lazarus.it.apps.loaders.spring.ShopApplication;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.Jdk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application as a real Spring Boot executable jar ({@link SpringBootFatJar}: Spring Boot's launcher
 * from Maven Central, the application in {@code BOOT-INF/classes}, Spring Boot and the Lazarus API in
 * {@code BOOT-INF/lib}), started as users start it, {@code java -javaagent:lazarus-agent.jar -jar shop.jar}.
 * {@link ShopApplication} calls {@code SpringApplication.run}; the durable object is a Spring bean whose
 * {@code @Durable} method has an {@code @ExecutionKey}, returns the application's own record, throws the
 * application's own exception for some keys and waits for an event whose payload is the application's
 * own record. Spring Boot's class loader is unnamed, so the shop is {@value ShopRounds#UNNAMED}. The
 * scenario is {@link ShopScenario}'s: killed in flight, restarted, every effect once, every outcome
 * recorded, and a finished key answered from the journal.
 */
@ExtendWith(ChildJvms.class)
class SpringBootFatJarTest {
    /** Spring Boot's class loader for the application in an executable jar (since Spring Boot 3.2). */
    private static final String LAUNCHED_CLASS_LOADER = "org.springframework.boot.loader.launch.LaunchedClassLoader";

    @TempDir
    static Path shared;

    private static Path fatJar;

    @BeforeAll
    static void repackage() throws IOException {
        fatJar = SpringBootFatJar.build(
                shared.resolve("boot"),
                ShopApplication.class,
                List.of("dev.lazarus.it.apps.loaders", "dev.lazarus.it.apps.support"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedInFlightAndResumedInsideTheFatJar(Jdk jdk, @TempDir Path dir) {
        new ShopScenario(
                        jdk,
                        dir,
                        List.of(ShopRounds.UNNAMED),
                        LAUNCHED_CLASS_LOADER,
                        (jvm, round) -> jvm.jar(fatJar, round))
                .killInFlightAndResume();
    }
}
