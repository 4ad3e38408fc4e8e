package dev.lazarus.it.apps.support;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Deterministic kill points. Services call {@link #reach(String)} at named points; each point prints
 * {@code AT <point>} on stdout, and a point listed in the system property {@code it.blockAt}
 * (comma-separated) also prints {@code BLOCKED <point>} and then blocks forever, so the test can wait
 * for that line and SIGKILL the process exactly there.
 *
 * <p>An instance is also a service the durable bodies hold in a field: {@link #pass(String)} is then a
 * journaled call, a kill point in the body itself.
 */
public final class Gate {
    private static final Set<String> BLOCK_AT =
            new HashSet<>(Arrays.asList(System.getProperty("it.blockAt", "").split(",")));

    /** Marks a point; blocks forever if the test asked to block here. */
    public static void reach(String point) {
        System.out.println("AT " + point);
        System.out.flush();
        if (BLOCK_AT.contains(point)) {
            System.out.println("BLOCKED " + point);
            System.out.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // keep blocking: only SIGKILL ends this
                }
            }
        }
    }

    /** The same as {@link #reach(String)}, as a call on a field-held service. */
    public void pass(String point) {
        reach("gate:" + point);
    }
}
