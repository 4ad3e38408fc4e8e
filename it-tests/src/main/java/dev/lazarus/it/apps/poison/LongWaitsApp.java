package dev.lazarus.it.apps.poison;

/**
 * The child JVM of the waiting-is-not-poison scenarios; prints {@code START pid=<pid>} first.
 *
 * <ul>
 *   <li>{@code waits KEY SLEEP_MS}: {@link LongWaits#approval} ({@code KEY-approval}) and {@link LongWaits#nap}
 *       ({@code KEY-nap}, {@code SLEEP_MS}) on two threads (a restarted process resumes and joins them); prints
 *       {@code RESULT approval <value>} and {@code RESULT nap <value>}, then exits 0;</li>
 *   <li>{@code slow KEY MILLIS}: {@link LongWaits#slowCall}; prints {@code RESULT slow <value>}, then exits 0.</li>
 * </ul>
 */
public final class LongWaitsApp {
    private LongWaitsApp() {}

    public static void main(String[] args) throws Exception {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        System.out.flush();
        String key = args[1];
        switch (args[0]) {
            case "waits": {
                long sleepMillis = Long.parseLong(args[2]);
                Thread approval = new Thread(() -> result("approval", LongWaits.approval(key + "-approval")));
                Thread nap = new Thread(() -> result("nap", LongWaits.nap(key + "-nap", sleepMillis)));
                approval.start();
                nap.start();
                approval.join();
                nap.join();
                break;
            }
            case "slow":
                result("slow", LongWaits.slowCall(key, Long.parseLong(args[2])));
                break;
            default:
                throw new IllegalArgumentException("mode " + args[0]);
        }
    }

    private static synchronized void result(String what, String value) {
        System.out.println("RESULT " + what + " " + value);
        System.out.flush();
    }
}
