package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.instrumentation.ClassificationRules;
import dev.lazarus.agent.internal.instrumentation.DurableClassRewriter;
import dev.lazarus.agent.internal.instrumentation.TransparencyReport;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code explain [--classpath CP] TARGET...}: the transparency report without running anything — for
 * every {@code @Durable} method in the given class files, directories, jars or class names, each call
 * site with its classification and the reason, and the warnings for what cannot be made durable.
 */
final class ExplainCommand implements Command {
    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String usage() {
        return "[--classpath CP] [--journaled P;..] [--recomputed P;..] TARGET...   what each durable method's calls"
                + " are (TARGET: .class, directory, .jar or class name)";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("classpath", "journaled", "recomputed");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        if (args.positional().isEmpty()) {
            throw new CliException("name at least one class file, directory, jar or class name to explain");
        }
        List<Path> roots = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (String target : args.positional()) {
            Path p = Paths.get(target);
            if (Files.exists(p)) {
                roots.add(p);
            } else if (target.matches("[\\w$.]+")) {
                classNames.add(target);
            } else {
                throw new CliException("no file " + target);
            }
        }
        URLClassLoader loader = loader(args.option("classpath"), roots);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (Path root : roots) {
            collect(root, classes);
        }
        for (String name : classNames) {
            try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new CliException("class " + name + " is not on --classpath");
                }
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new CliException("cannot read class " + name + ": " + e.getMessage());
            }
        }
        DurableClassRewriter rewriter = new DurableClassRewriter(
                ClassificationRules.of(list(args.option("journaled")), list(args.option("recomputed"))));
        int durableClasses = 0;
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            DurableClassRewriter.Result result;
            try {
                result = rewriter.rewrite(loader, c.getValue());
            } catch (Exception e) {
                out.println(c.getKey() + ": cannot be analysed: " + e);
                continue;
            }
            TransparencyReport report = result.report();
            if (report != null) {
                durableClasses++;
                out.print(report.render());
                out.println();
            } else {
                for (String w : result.warnings()) {
                    out.println("WARNING " + w);
                }
            }
        }
        if (durableClasses == 0) {
            out.println("no @Durable methods in " + classes.size() + " class(es)");
        }
        return 0;
    }

    private static URLClassLoader loader(String classPath, List<Path> roots) throws CliException {
        List<URL> urls = new ArrayList<>();
        try {
            for (Path root : roots) {
                if (Files.isDirectory(root) || root.toString().endsWith(".jar")) {
                    urls.add(root.toUri().toURL());
                }
            }
            if (classPath != null) {
                for (String entry : classPath.split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        urls.add(Paths.get(entry).toUri().toURL());
                    }
                }
            }
        } catch (IOException e) {
            throw new CliException("bad class path: " + e.getMessage());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static void collect(Path root, Map<String, byte[]> classes) throws CliException {
        try {
            if (root.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().endsWith(".class")
                                && !entry.getName().endsWith("module-info.class")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                classes.put(entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : (Iterable<Path>)
                            walk.filter(f -> f.toString().endsWith(".class")).sorted()::iterator) {
                        classes.put(root.relativize(p).toString(), Files.readAllBytes(p));
                    }
                }
            } else {
                classes.put(root.toString(), Files.readAllBytes(root));
            }
        } catch (IOException e) {
            throw new CliException("cannot read " + root + ": " + e.getMessage());
        }
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(";")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
