package dev.lazarus.it.launcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A web application's class loader in the style of Tomcat's {@code WebappClassLoaderBase} (with
 * {@code delegate="false"}, Tomcat's default): child-first, where the JVM's class path is the container.
 * A class is looked up
 * <ol>
 *   <li>among the Java SE classes (the platform loader, which asks the bootstrap loader), so that an
 *       application cannot replace {@code java.*} or another JDK class;</li>
 *   <li>in the application's own URLs (its {@code WEB-INF/classes} and {@code WEB-INF/lib});</li>
 *   <li>in the parent (the container's class path), last.</li>
 * </ol>
 * Resources are found in the application's URLs first, then in the parent, as Tomcat does.
 *
 * <p>Like Tomcat, step 1 asks the platform loader for the class file as a resource before loading it,
 * and so does not see the jars an agent appends to the bootstrap class path at run time (the JDK finds
 * their classes, not their resources): a class that is both there and in the application's URLs is the
 * application's own copy, as it would be in Tomcat.
 *
 * <p>Each loader carries a name (Tomcat's is the web application's context name), which is how a
 * JVM running several applications tells their classes apart.
 */
public final class ChildFirstClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** The Java SE classes: the platform loader, whose parent is the bootstrap loader. */
    private final ClassLoader javaSe = ClassLoader.getPlatformClassLoader();

    /**
     * @param name the application's name, reported by {@link ClassLoader#getName()}
     * @param urls the application's classes and libraries
     * @param parent the container's loader, asked last
     */
    public ChildFirstClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = fromJavaSe(name);
            }
            if (type == null) {
                type = fromOwnUrls(name);
            }
            if (type == null) {
                type = Class.forName(name, false, getParent());
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> fromJavaSe(String name) {
        // Asking for the class file first costs no exception for the common miss (Tomcat does the same).
        if (javaSe.getResource(name.replace('.', '/') + ".class") == null) {
            return null;
        }
        try {
            return javaSe.loadClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private Class<?> fromOwnUrls(String name) {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public URL getResource(String name) {
        URL url = findResource(name);
        if (url == null) {
            url = getParent().getResource(name);
        }
        return url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>();
        all.addAll(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
