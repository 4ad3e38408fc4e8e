package dev.lazarus.it.apps.golden;

import java.util.function.Supplier;

/**
 * What {@link GoldenReader#read} returns: not plain data, since it holds a lambda (not {@code Serializable}),
 * as an SDK's response object holds lazy values. A journaled call that returns one cannot have its outcome
 * journaled, so it is journaled as recomputed and replayed from the HTTP exchanges it made.
 */
public final class Reading {
    private final Supplier<String> text;

    /** @param text computes what was read */
    Reading(Supplier<String> text) {
        this.text = text;
    }

    /** @return what was read */
    public String text() {
        return text.get();
    }
}
