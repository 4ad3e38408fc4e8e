package dev.lazarus.it.apps.loaders;

/**
 * An application record that arrives as an event's payload ({@code ("approval", "<shop>/<order>")}):
 * sent by the application itself or from the command line as {@code {"approved":true,"by":"..."}}.
 *
 * @param approved whether the order may ship
 * @param by who decided
 */
public record Decision(boolean approved, String by) {}
