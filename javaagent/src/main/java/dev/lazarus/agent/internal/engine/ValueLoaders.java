package dev.lazarus.agent.internal.engine;

/**
 * The class loader in which the engine encodes and decodes the values of a durable method: always the loader
 * that defined the method's class, which sees the application's own types (records, exceptions, event
 * payloads) wherever it sits (a Spring Boot fat jar, a child-first web application). Never the system loader,
 * which does not see them there, and never the engine's own loader, which is isolated from the application.
 */
final class ValueLoaders {
    private ValueLoaders() {}

    /**
     * @param type a durable class (or the awaited type of an event)
     * @return its defining loader; the platform loader for a class of the bootstrap loader, whose values can
     *     only be JDK types
     */
    static ClassLoader of(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null ? loader : ClassLoader.getPlatformClassLoader();
    }
}
