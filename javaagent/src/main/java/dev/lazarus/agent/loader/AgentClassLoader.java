package dev.lazarus.agent.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The class loader of the agent's engine: it defines the classes and resources stored under
 * {@link AgentJar#HIDDEN_PREFIX} in the agent jar, and nothing else.
 *
 * <p>Its parent is the platform class loader when it runs as an agent, so the engine sees the JDK, and
 * through the bootstrap loader the API and the bridge (which the agent put on the bootstrap class path),
 * and never the application's classes: values of the application are always handled in the loader of
 * the application class they belong to, passed explicitly. Under {@code java -jar} (the command line) its
 * parent is the system loader, which then holds the jar's root.
 *
 * <p>Its unnamed module is the only module the JDK's packages are opened to (see the engine's start-up),
 * so an application gains no access to the JDK's internals because the agent is attached.
 */
public final class AgentClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;

    /**
     * @param jar the agent jar, open; it stays open for the life of the JVM
     * @param parent the platform loader (agent) or the system loader (command line)
     */
    public AgentClassLoader(JarFile jar, ClassLoader parent) {
        super("lazarus-agent", parent);
        this.jar = jar;
        URL location;
        try {
            location = new java.io.File(jar.getName()).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
        this.jarUrl = location.toString();
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(AgentJar.classEntry(name));
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (reading " + jar.getName() + ": " + e.getMessage() + ")", e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) == null) {
            try {
                definePackage(pkg, null, null, null, null, null, null, null);
            } catch (IllegalArgumentException raced) {
                // another thread defined it first: parallel-capable loaders define per class, not per package
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        String entry = AgentJar.resourceEntry(name);
        if (jar.getJarEntry(entry) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entry);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
