package dev.lazarus.agent.internal.engine;

import java.security.SecureRandom;

/** Unique execution ids: short, sortable by creation time, distinct across processes. */
public final class ExecutionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private ExecutionIds() {}

    /** @return a new unique id, made now by the system clock (for the command line, which runs no engine) */
    public static String next() {
        return next(System.currentTimeMillis());
    }

    /**
     * @param nowMillis the wall-clock time of the engine's clock
     * @return a new unique id made at that time
     */
    static String next(long nowMillis) {
        StringBuilder sb = new StringBuilder(20);
        sb.append(Long.toString(nowMillis, 36)).append('-');
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
