package dev.lazarus.it.apps.waits;

/** An enum payload, bound from JSON by name ({@code "GREEN"}). */
public enum Color {
    RED,
    GREEN,
    BLUE
}
