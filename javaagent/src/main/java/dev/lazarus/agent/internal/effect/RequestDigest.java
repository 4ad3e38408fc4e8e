package dev.lazarus.agent.internal.effect;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The digest of an effect's request, built from its values only (a method, a URI, the body's bytes, SQL and
 * its parameters), so that the same request digests the same in every JVM, however its objects were built.
 */
final class RequestDigest {
    private final CRC32C crc = new CRC32C();

    /** Adds a text part; parts are separated, so ("ab", "c") and ("a", "bc") differ. */
    RequestDigest text(String part) {
        byte[] b = (part == null ? "\u0000null" : part).getBytes(StandardCharsets.UTF_8);
        length(b.length);
        crc.update(b);
        return this;
    }

    /** Adds a byte part. */
    RequestDigest bytes(byte[] part) {
        length(part == null ? -1 : part.length);
        if (part != null) {
            crc.update(part);
        }
        return this;
    }

    private void length(int n) {
        crc.update(n >>> 24);
        crc.update(n >>> 16);
        crc.update(n >>> 8);
        crc.update(n);
    }

    /** @return the digest, never 0 */
    int value() {
        int d = (int) crc.getValue();
        return d == 0 ? 1 : d;
    }
}
