package dev.lazarus.agent.internal.effect;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * Answers "does this class extend or implement that type" while the class is being defined, from class files
 * alone: a transformer may not load classes (that could recurse into the class being defined, or load them
 * in the wrong order), so supertypes are read as resources through the defining loader. Class files are
 * never encapsulated by modules, so this works for JDK classes too. Results are cached per loader.
 */
final class TypeHierarchy {
    /** The direct supertypes of a class: its superclass (or {@code null}) and interfaces. */
    private record Header(String superName, String[] interfaces) {}

    private static final Header UNKNOWN = new Header(null, new String[0]);

    private final Map<ClassLoader, Map<String, Header>> headers = new WeakHashMap<>();
    private final Map<String, Header> bootHeaders = new ConcurrentHashMap<>();

    /**
     * @param loader the loader defining the class ({@code null} for the bootstrap loader)
     * @param superName the class's superclass, internal name
     * @param interfaces the class's interfaces, internal names
     * @param targets the types looked for
     * @return the first of {@code targets} the class extends or implements, or {@code null}
     */
    String findSupertype(ClassLoader loader, String superName, String[] interfaces, Set<String> targets) {
        Deque<String> todo = new ArrayDeque<>();
        if (superName != null) {
            todo.add(superName);
        }
        todo.addAll(Arrays.asList(interfaces));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String type = todo.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (targets.contains(type)) {
                return type;
            }
            if (type.equals("java/lang/Object")) {
                continue;
            }
            Header h = header(loader, type);
            if (h.superName() != null) {
                todo.add(h.superName());
            }
            todo.addAll(Arrays.asList(h.interfaces()));
        }
        return null;
    }

    private Header header(ClassLoader loader, String type) {
        Map<String, Header> cache;
        if (loader == null) {
            cache = bootHeaders;
        } else {
            synchronized (headers) {
                cache = headers.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
            }
        }
        return cache.computeIfAbsent(type, t -> read(loader, t));
    }

    private static Header read(ClassLoader loader, String type) {
        String resource = type + ".class";
        try (InputStream in = loader == null
                ? ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return UNKNOWN;
            }
            ClassReader reader = new ClassReader(in.readAllBytes());
            return new Header(reader.getSuperName(), reader.getInterfaces());
        } catch (IOException | RuntimeException e) {
            return UNKNOWN; // a type we cannot read is one we do not weave through
        }
    }
}
