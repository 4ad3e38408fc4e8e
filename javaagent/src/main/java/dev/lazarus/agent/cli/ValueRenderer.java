package dev.lazarus.agent.cli;

import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns recorded values into one readable line. Values of the application's own classes decode only
 * when those classes are on {@code --classpath}; otherwise the line says which class is missing.
 */
final class ValueRenderer {
    private static final int MAX = 160;

    private final ValueCodec codec = ValueCodec.create();
    private final ClassLoader loader;

    ValueRenderer(String classPath) throws CliException {
        ClassLoader parent = ValueRenderer.class.getClassLoader();
        if (classPath == null || classPath.isEmpty()) {
            loader = parent;
            return;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            try {
                urls.add(Paths.get(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new CliException("--classpath entry " + entry + " is not a path");
            }
        }
        loader = new URLClassLoader(urls.toArray(new URL[0]), parent);
    }

    /** @return the recorded value in one line, or why it cannot be read; {@code ""} for no value */
    String render(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return "";
        }
        try {
            return abbreviate(describe(codec.decode(bytes, loader)));
        } catch (CodecException e) {
            return "<" + bytes.length + " bytes: " + e.getMessage()
                    + "; add the application's classes with --classpath>";
        }
    }

    /** @return the recorded value, decoded by the journal's value codec; empty if there is none or it does not decode */
    Optional<Object> value(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(codec.decode(bytes, loader));
        } catch (CodecException e) {
            return Optional.empty();
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Throwable) {
            Throwable t = (Throwable) value;
            return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        if (value instanceof Object[]) {
            List<String> parts = new ArrayList<>();
            for (Object o : (Object[]) value) {
                parts.add(describe(o));
            }
            return parts.toString();
        }
        if (value.getClass().isArray()) {
            // an array of primitives: its elements, which the field dump below would not show
            List<String> parts = new ArrayList<>();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
            return value.getClass().getComponentType().getName() + parts;
        }
        if (value instanceof String) {
            return '"' + (String) value + '"';
        }
        try {
            if (value.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
                return value.toString();
            }
        } catch (NoSuchMethodException e) {
            // every class has toString
        }
        StringBuilder sb = new StringBuilder(value.getClass().getSimpleName()).append('{');
        boolean first = true;
        for (Field f : value.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                f.setAccessible(true);
                sb.append(first ? "" : ", ").append(f.getName()).append('=').append(f.get(value));
                first = false;
            } catch (ReflectiveOperationException | RuntimeException e) {
                sb.append(first ? "" : ", ").append(f.getName()).append("=?");
                first = false;
            }
        }
        return sb.append('}').toString();
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX - 3) + "...";
    }
}
