package dev.lazarus.it.loaders;

import dev.lazarus.it.harness.ItEnv;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * Builds a genuine Spring Boot executable jar the way {@code spring-boot-maven-plugin:repackage} does,
 * with the plugin's own engine ({@link Repackager} from {@code spring-boot-loader-tools}): the
 * application's plain jar goes to {@code BOOT-INF/classes}, its libraries (Spring Boot and the Lazarus
 * API) to {@code BOOT-INF/lib}, and Spring Boot's launcher ({@code JarLauncher}) becomes the jar's main
 * class, with the application's main class as {@code Start-Class}.
 */
final class SpringBootFatJar {
    private SpringBootFatJar() {}

    /**
     * @param dir where to build (a scratch directory)
     * @param mainClass the application's main class
     * @param packages the packages of the test applications' classes that make up the application,
     *     with their subpackages
     * @return the executable jar
     */
    static Path build(Path dir, Class<?> mainClass, List<String> packages) throws IOException {
        Files.createDirectories(dir);
        Path plain = pack(ItEnv.appClasses(), packages, dir.resolve("shop-plain.jar"));
        List<File> libraries = new ArrayList<>();
        for (Path lib : ItEnv.springBootLibraries()) {
            libraries.add(lib.toFile());
        }
        Path api = ItEnv.apiJar();
        // inside a reactor build the API is its classes directory; BOOT-INF/lib holds jars only
        libraries.add((Files.isDirectory(api) ? pack(api, List.of("dev.lazarus"), dir.resolve("lazarus-api.jar")) : api)
                .toFile());

        Path fat = dir.resolve("shop.jar");
        Repackager repackager = new Repackager(plain.toFile());
        repackager.setMainClass(mainClass.getName());
        repackager.setBackupSource(false);
        repackager.repackage(fat.toFile(), callback -> {
            for (File lib : libraries) {
                callback.library(new Library(lib, LibraryScope.COMPILE));
            }
        });
        return fat;
    }

    /** Writes the files of {@code root} in the given packages (and their subpackages) into a plain jar. */
    private static Path pack(Path root, List<String> packages, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = root.relativize(file).toString().replace(File.separatorChar, '/');
                if (packages.stream().anyMatch(p -> name.startsWith(p.replace('.', '/') + "/"))) {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
