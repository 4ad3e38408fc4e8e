package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.ExecutionStarted;

/**
 * Which application of the JVM a durable class belongs to, so that two applications that define the same
 * class name (two web applications in one container, two Spring Boot jars in one test) never resume each
 * other's executions: the name of the class loader that defined the class ({@link ClassLoader#getName()}).
 *
 * <p>The JVM's own loaders (bootstrap, platform, and the system loader, which the JDK names {@code app} in
 * every JVM) and unnamed loaders stand for the default application, recorded as {@code ""}: that keeps the
 * usual single application's records exactly as they were before applications were told apart, and lets
 * executions journaled by an earlier version resume. The loader's code source is deliberately not part of
 * the identity: a redeploy from a new jar path must still resume what the previous deployment left.
 */
final class ApplicationName {
    private ApplicationName() {}

    /**
     * @param type a durable class
     * @return the application it belongs to; {@code ""} for the default application
     */
    static String of(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null
                || loader == ClassLoader.getSystemClassLoader()
                || loader == ClassLoader.getPlatformClassLoader()) {
            return ExecutionStarted.DEFAULT_APPLICATION;
        }
        String name = loader.getName();
        return name == null ? ExecutionStarted.DEFAULT_APPLICATION : name;
    }
}
