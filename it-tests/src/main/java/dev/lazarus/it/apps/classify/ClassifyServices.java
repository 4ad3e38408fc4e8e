package dev.lazarus.it.apps.classify;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tags that make every answer of {@link ClassifyApp}'s outside services (Catalog, Directory, Observer,
 * Quota: each real call is one ledger line) differ per process and per call.
 */
final class ClassifyServices {
    private ClassifyServices() {}

    static String tag() {
        return ProcessHandle.current().pid() + "#" + COUNTER.incrementAndGet();
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
}
