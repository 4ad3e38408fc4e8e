package dev.lazarus.it.launcher;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Starts an application in a child {@link URLClassLoader}, the way Spring Boot's launcher or a servlet
 * container does: the JVM's class path holds only this class; the application's classes, the Lazarus
 * API and the libraries are loaded by the child loader.
 *
 * <p>{@code IsolatedLauncher CLASSPATH MAIN-CLASS ARGS...} ({@code CLASSPATH} separated by the platform's
 * path separator). Self-contained on purpose: the test copies this one class file to its own directory.
 */
public final class IsolatedLauncher {
    private IsolatedLauncher() {}

    public static void main(String[] args) throws Throwable {
        String[] entries = args[0].split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = new File(entries[i]).toURI().toURL();
        }
        URLClassLoader loader = new URLClassLoader("isolated-app", urls, ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> main = Class.forName(args[1], true, loader);
        Method m = main.getMethod("main", String[].class);
        try {
            m.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
