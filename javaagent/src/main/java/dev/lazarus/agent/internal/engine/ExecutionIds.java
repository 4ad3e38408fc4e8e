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
     * @param id the id of an execution, a child execution ({@code <parent>/<position>}) or a branch
     *     ({@code <forker>~<n>}, see {@code BranchIds})
     * @return the id of the top-level execution it belongs to: what precedes the first {@code /} or {@code ~}
     */
    public static String topLevel(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '~') {
                return id.substring(0, i);
            }
        }
        return id;
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
