package dev.lazarus.agent.internal.instrumentation.validation;

/**
 * A warning the instrumentation gave for a compiled fixture, placed on the fixture line it names.
 *
 * @param file the fixture file of the class warned about
 * @param line the fixture line the warning names, or 0 when it names none
 * @param text the warning
 */
record PlacedWarning(String file, int line, String text) {}
