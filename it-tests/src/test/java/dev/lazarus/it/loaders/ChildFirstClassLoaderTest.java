package dev.lazarus.it.loaders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.loaders.Decision;
import dev.lazarus.it.apps.loaders.Receipt;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.launcher.ChildFirstClassLoader;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lookup order of {@link ChildFirstClassLoader}, in this JVM: the Java SE classes, then the
 * application's own URLs, then the parent. The "container" (parent) holds all the test applications'
 * classes; the application's URLs hold a copy of {@link Decision}, a resource, and a file that claims to
 * be a JDK class.
 */
class ChildFirstClassLoaderTest {
    private static final String RESOURCE = "shop/settings.properties";

    @Test
    void javaSeFirstThenOwnUrlsThenParent(@TempDir Path app, @TempDir Path container) throws Exception {
        Path containerClasses = ItEnv.appClasses();
        copyClass(containerClasses, Decision.class, app);
        // not a JDK class, only its name: loading it from the application's URLs would fail (wrong name)
        Files.createDirectories(app.resolve("javax/sql"));
        Files.copy(classFile(containerClasses, Decision.class), app.resolve("javax/sql/DataSource.class"));
        write(app.resolve(RESOURCE), "app");
        write(container.resolve(RESOURCE), "container");

        try (URLClassLoader parent = new URLClassLoader(
                        "container", urls(containerClasses, container), ClassLoader.getPlatformClassLoader());
                ChildFirstClassLoader loader = new ChildFirstClassLoader("shop-east", urls(app), parent)) {
            Class<?> decision = loader.loadClass(Decision.class.getName());
            Class<?> receipt = loader.loadClass(Receipt.class.getName());
            assertEquals("shop-east", loader.getName());
            assertSame(loader, decision.getClassLoader(), "a class in both: the application's own copy");
            assertSame(parent, receipt.getClassLoader(), "a class only in the container: the container's");
            assertSame(
                    ClassLoader.getPlatformClassLoader(),
                    loader.loadClass("javax.sql.DataSource").getClassLoader(),
                    "a Java SE class: the JDK's, never the application's file of that name");
            assertSame(String.class, loader.loadClass("java.lang.String"));
            assertSame(decision, loader.loadClass(Decision.class.getName()), "loaded once");
            assertTrue(
                    loader.getResource(RESOURCE)
                            .getPath()
                            .startsWith(app.toUri().getPath()),
                    "a resource in both: the application's, " + loader.getResource(RESOURCE));
            List<URL> all = Collections.list(loader.getResources(RESOURCE));
            assertEquals(2, all.size(), all.toString());
            assertTrue(all.get(0).getPath().startsWith(app.toUri().getPath()), "the application's first: " + all);
        }
    }

    private static URL[] urls(Path... dirs) throws IOException {
        URL[] urls = new URL[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            urls[i] = dirs[i].toUri().toURL();
        }
        return urls;
    }

    private static Path classFile(Path root, Class<?> type) {
        return root.resolve(type.getName().replace('.', '/') + ".class");
    }

    private static void copyClass(Path root, Class<?> type, Path to) throws IOException {
        Path target = classFile(to, type);
        Files.createDirectories(target.getParent());
        Files.copy(classFile(root, type), target);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
