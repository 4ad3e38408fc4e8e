package dev.lazarus.store.log;

import java.nio.file.Path;

/** Run in a child JVM by {@link LockTest}: owns a journal until its standard input closes. */
public final class LockHolderMain {
    private LockHolderMain() {}

    /**
     * @param args the journal directory, and optionally {@code try}: then only attempt to open it and print
     *     {@code refused PID} or {@code opened}
     * @throws Exception on any failure (the test then sees no "locked" line)
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("try")) {
            try {
                JournalLog.open(Path.of(args[0]), LogOptions.defaults(), (l, t, p) -> {})
                        .close();
                System.out.println("opened");
            } catch (JournalLockedException e) {
                System.out.println("refused " + e.holderPid());
            }
            return;
        }
        try (JournalLog log = JournalLog.open(Path.of(args[0]), LogOptions.defaults(), (l, t, p) -> {})) {
            log.append((byte) 1, "from the child".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the journal until the parent closes our stdin
            }
        }
    }
}
