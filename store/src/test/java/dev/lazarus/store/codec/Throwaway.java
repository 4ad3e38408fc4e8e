package dev.lazarus.store.codec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Classes that exist only in a throwaway class loader: compiled from source in memory and defined from bytes, so
 * the test class loader cannot see them. Decoding with the test loader is then what a restart after the class was
 * deleted looks like; two loaders compiled from different sources under the same class name are a class that
 * changed shape between two deployments.
 */
final class Throwaway {

    private Throwaway() {}

    /** A loader defining the given classes from source; everything else comes from {@code parent}. */
    static ClassLoader loader(ClassLoader parent, String... sources) {
        Map<String, byte[]> classes = compile(sources);
        return new ClassLoader(parent) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }

    /** Compiles Java sources (each a complete compilation unit with a package and one public top-level type). */
    static Map<String, byte[]> compile(String... sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("tests need a JDK (javax.tools), not a JRE");
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (String source : sources) {
            String pkg = source.replaceAll("(?s)^\\s*package\\s+([\\w.]+);.*", "$1");
            String type = source.replaceAll(
                    "(?s).*?public\\s+(?:final\\s+|abstract\\s+)?(?:class|enum|record|interface)\\s+(\\w+).*", "$1");
            String name = pkg + "." + type;
            units.add(
                    new SimpleJavaFileObject(
                            URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    });
        }
        Map<String, byte[]> out = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, null);
        ForwardingJavaFileManager<StandardJavaFileManager> manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(
                        URI.create("bytes:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                out.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        boolean ok = compiler.getTask(null, manager, diagnostics, List.of("--release", "17", "-g"), null, units)
                .call();
        if (!ok) {
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<?> d : diagnostics.getDiagnostics()) {
                errors.append(d).append('\n');
            }
            throw new IllegalStateException("compilation failed:\n" + errors);
        }
        return out;
    }

    /** Creates an instance of a throwaway class through a public constructor matching the arguments' classes. */
    static Object create(ClassLoader loader, String className, Object... args) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            for (var constructor : type.getConstructors()) {
                if (constructor.getParameterCount() == args.length) {
                    return constructor.newInstance(args);
                }
            }
            throw new IllegalArgumentException("no constructor with " + args.length + " parameters in " + className);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
