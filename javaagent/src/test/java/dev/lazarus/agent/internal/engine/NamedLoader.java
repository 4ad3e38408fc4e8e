package dev.lazarus.agent.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * A named, child-first class loader that defines its own copy of some test classes, as a second application
 * in the same JVM (a web application in a container, a Spring Boot jar) defines its own copy of its classes.
 * Everything else it delegates to the test's loader, so the copies share the engine and the test's types.
 */
final class NamedLoader extends ClassLoader implements AutoCloseable {
    private final Set<String> own = new HashSet<>();

    /**
     * @param name the loader's name: the application's name
     * @param classes the classes it defines itself, with their nested classes
     */
    NamedLoader(String name, Class<?>... classes) {
        super(name, NamedLoader.class.getClassLoader());
        for (Class<?> c : classes) {
            own.add(c.getName());
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (!isOwn(name)) {
                return super.loadClass(name, resolve);
            }
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] bytes = in.readAllBytes();
                    c = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private boolean isOwn(String name) {
        for (String o : own) {
            if (name.equals(o) || name.startsWith(o + "$")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        // nothing to release: the classes go when the loader is unreachable
    }
}
