package dev.lazarus.it.launcher;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts one or more applications in one JVM, the way a servlet container deploys web applications:
 * each in its own {@link ChildFirstClassLoader} named after it, on its own thread (named after it too,
 * with that loader as its context class loader). The JVM's class path holds only this package; every
 * application's classes, the Lazarus API and the libraries are loaded by its own loader, so two
 * applications have two copies of the same class names.
 *
 * <p>{@code ChildFirstLauncher CLASSPATH MAIN-CLASS NAME[,NAME...] ARGS...} ({@code CLASSPATH} separated
 * by the platform's path separator): starts {@code MAIN-CLASS.main(ARGS)} once per name, all at once, and
 * returns when all have returned. If one throws, the launcher throws it once all have ended.
 */
public final class ChildFirstLauncher {
    private ChildFirstLauncher() {}

    /**
     * @param args the class path, the main class, the applications' names (comma-separated), then the
     *     arguments every application's main gets
     * @throws Throwable what an application's main threw
     */
    public static void main(String[] args) throws Throwable {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ChildFirstLauncher CLASSPATH MAIN-CLASS NAME[,NAME...] ARGS...");
        }
        URL[] urls = urls(args[0]);
        String mainClass = args[1];
        String[] appArgs = Arrays.copyOfRange(args, 3, args.length);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (String name : args[2].split(",")) {
            ChildFirstClassLoader loader = new ChildFirstClassLoader(name, urls, ClassLoader.getSystemClassLoader());
            Thread thread = new Thread(
                    () -> {
                        try {
                            run(loader, mainClass, appArgs);
                        } catch (Throwable t) {
                            synchronized (failures) {
                                failures.add(t);
                            }
                        }
                    },
                    name);
            thread.setContextClassLoader(loader);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void run(ClassLoader loader, String mainClass, String[] args) throws Throwable {
        Method main = Class.forName(mainClass, true, loader).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args.clone());
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static URL[] urls(String classPath) throws MalformedURLException {
        String[] entries = classPath.split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = new File(entries[i]).toURI().toURL();
        }
        return urls;
    }
}
