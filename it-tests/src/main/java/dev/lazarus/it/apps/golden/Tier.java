package dev.lazarus.it.apps.golden;

/** An application enum as a journaled result (the codec writes enums by name). */
public enum Tier {
    /** Short inputs. */
    BASIC,
    /** Everything else. */
    PREMIUM
}
