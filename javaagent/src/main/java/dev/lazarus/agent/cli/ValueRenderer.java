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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns recorded values into one readable line. Values of the application's own classes decode only
 * when those classes are on {@code --classpath}; otherwise the line says which class is missing. Decoding
 * resolves classes without initialising them where it can; printing never runs the application's
 * {@code toString} unless {@code --to-string} asks for it (docs/SPEC.md §7.6): a journal opened on a
 * workstation may have been written by anyone.
 */
final class ValueRenderer {
    private static final int MAX = 160;
    /** How deep into a value the line goes; deeper parts show as {@code ...}. */
    private static final int MAX_DEPTH = 4;
    /** How many elements of an array, collection or map the line shows. */
    private static final int MAX_ELEMENTS = 10;
    /** JDK packages whose classes print only themselves. */
    private static final Set<String> VALUE_PACKAGES =
            Set.of("java.lang", "java.math", "java.time", "java.net", "java.nio.file", "java.nio.charset");

    private final ValueCodec codec = ValueCodec.create();
    private final ClassLoader loader;
    private final boolean callToString;

    /**
     * @param classPath where the application's classes are, to decode their values ({@code null}: JDK values only)
     * @param callToString whether to print the application's values with their own {@code toString} (and exceptions
     *     with their own {@code getMessage}), which runs their code; by default they are shown field by field
     */
    ValueRenderer(String classPath, boolean callToString) throws CliException {
        this.callToString = callToString;
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
            return abbreviate(describe(codec.decode(bytes, loader), 0));
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

    /**
     * The value in words, without running the application's code: a class of the application (anything not loaded
     * by the JDK's own loaders) is shown field by field, its {@code toString}, {@code getMessage} and accessors
     * never called, unless {@code --to-string} asked for them; JDK collections, maps and optionals are walked
     * element by element so that their elements get the same treatment.
     */
    private String describe(Object value, int depth) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return '"' + (String) value + '"';
        }
        if (depth > MAX_DEPTH) {
            return "...";
        }
        Class<?> type = value.getClass();
        if (value instanceof Throwable) {
            Throwable t = (Throwable) value;
            String message = callToString || declaredByJdk(type, "getMessage") ? t.getMessage() : null;
            return type.getName() + (message == null ? "" : ": " + message);
        }
        if (type.isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0, n = Array.getLength(value); i < n && i < MAX_ELEMENTS; i++) {
                parts.add(describe(Array.get(value, i), depth + 1));
            }
            String more = Array.getLength(value) > MAX_ELEMENTS ? ", ..." : "";
            String elements = String.join(", ", parts) + more;
            return type.getComponentType().isPrimitive()
                    ? type.getComponentType().getName() + "[" + elements + "]"
                    : "[" + elements + "]";
        }
        if (value instanceof Enum<?>) {
            return ((Enum<?>) value).name(); // final: no application code runs
        }
        if (callToString && !declaredByJdk(type, "toString")) {
            return value.toString(); // asked for, with --to-string
        }
        if (isJdk(type)) {
            return describeJdk(value, depth);
        }
        StringBuilder sb = new StringBuilder(type.getSimpleName()).append('{');
        boolean first = true;
        for (Class<?> c = type; c != null && c != Object.class && !isJdk(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                sb.append(first ? "" : ", ").append(f.getName()).append('=');
                first = false;
                try {
                    f.setAccessible(true);
                    sb.append(describe(f.get(value), depth + 1));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    sb.append('?');
                }
                if (sb.length() > MAX) {
                    return sb.toString(); // cut by abbreviate
                }
            }
        }
        return sb.append('}').toString();
    }

    /** A value of a JDK class: containers element by element (their elements may be the application's), the rest as the JDK prints it. */
    private String describeJdk(Object value, int depth) {
        if (value instanceof Map<?, ?>) {
            return "{" + elements(((Map<?, ?>) value).entrySet(), depth) + "}"; // each entry as key=value, below
        }
        if (value instanceof Collection<?>) {
            return "[" + elements((Collection<?>) value, depth) + "]";
        }
        if (value instanceof Optional<?>) {
            Optional<?> o = (Optional<?>) value;
            return o.isPresent() ? "Optional[" + describe(o.get(), depth + 1) + "]" : "Optional.empty";
        }
        if (value instanceof Map.Entry<?, ?>) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) value;
            return describe(e.getKey(), depth + 1) + "=" + describe(e.getValue(), depth + 1);
        }
        String pkg = value.getClass().getPackageName();
        if (VALUE_PACKAGES.contains(pkg)
                || value instanceof Number
                || value instanceof java.util.UUID
                || value instanceof java.util.Date) {
            return value.toString(); // the JDK's own values print themselves without calling out
        }
        // another JDK class may hold application values and print them with their toString (AtomicReference,
        // a wrapper): its name only
        return "<" + value.getClass().getName() + ">";
    }

    /** The first {@link #MAX_ELEMENTS} elements, each described, joined with commas; {@code ...} for the rest. */
    private String elements(Collection<?> all, int depth) {
        List<String> parts = new ArrayList<>();
        for (Object o : all) {
            if (parts.size() == MAX_ELEMENTS) {
                parts.add("...");
                break;
            }
            parts.add(describe(o, depth + 1));
        }
        return String.join(", ", parts);
    }

    /** @return whether {@code type} comes with the JDK (its boot or platform loader), so its code is not the application's */
    private static boolean isJdk(Class<?> type) {
        ClassLoader l = type.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    /** @return whether the no-argument method {@code name} that {@code type} has is the JDK's own */
    private static boolean declaredByJdk(Class<?> type, String name) {
        try {
            return isJdk(type.getMethod(name).getDeclaringClass());
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX - 3) + "...";
    }
}
