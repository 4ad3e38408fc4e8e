package dev.lazarus.reliability.mapdb;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The MapDB side of the crash loop: {@code MapDbCrashChild STORE LEDGER [check]}. Opens a MapDB 3.1.0 file store
 * with {@code transactionEnable()} (its write-ahead log), checks it against the ledger of acknowledged steps (every
 * step whose {@code commit()} returned), prints {@code CHECK ...} and {@code READY}, then writes steps forever, one
 * {@code put} and one {@code commit()} each, like a journaled call, appending each acknowledged step to the ledger
 * (a plain write: it survives SIGKILL, as the page cache does). With {@code check} it exits after the check.
 *
 * <p>Prints {@code OPEN-FAILED <exception>} if the store does not open, {@code READ-FAILED <exception>} if it opens
 * but cannot be read back whole.
 */
public final class MapDbCrashChild {
    private MapDbCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        Path ledger = Path.of(args[1]);
        boolean checkOnly = args.length > 2 && args[2].equals("check");
        DB db;
        ConcurrentMap<String, String> steps;
        try {
            db = DBMaker.fileDB(store.toFile()).transactionEnable().make();
            steps = db.treeMap("steps", Serializer.STRING, Serializer.STRING).createOrOpen();
        } catch (Throwable t) {
            System.out.println("OPEN-FAILED " + oneLine(t));
            System.out.flush();
            Runtime.getRuntime().halt(3);
            return;
        }
        long acked = 0;
        long missing = 0;
        long different = 0;
        long entries = 0;
        try {
            List<String> lines = Files.exists(ledger) ? Files.readAllLines(ledger, StandardCharsets.UTF_8) : List.of();
            for (String line : lines) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue; // a line cut by the kill: the step was acknowledged only once the line is whole
                }
                acked++;
                String v = steps.get(line.substring(0, space));
                if (v == null) {
                    missing++;
                } else if (!v.equals(line.substring(space + 1))) {
                    different++;
                }
            }
            for (Map.Entry<String, String> e : steps.entrySet()) {
                entries += e.getValue().length() > 0 ? 1 : 0;
            }
        } catch (Throwable t) {
            System.out.println("READ-FAILED " + oneLine(t));
            System.out.flush();
            Runtime.getRuntime().halt(4);
            return;
        }
        System.out.println("CHECK acked=" + acked + " missing=" + missing + " different=" + different + " entries="
                + entries);
        System.out.flush();
        if (checkOnly) {
            db.close();
            return;
        }
        System.out.println("READY");
        System.out.flush();
        StringBuilder pad = new StringBuilder();
        while (pad.length() < 160) {
            pad.append("payload-");
        }
        try (FileOutputStream out = new FileOutputStream(ledger.toFile(), true)) {
            for (long i = entries; ; i++) {
                String key = String.format("p%d/%08d", i % 6, i);
                String value = "v" + i + "@" + ProcessHandle.current().pid() + "-" + pad;
                steps.put(key, value);
                db.commit();
                out.write((key + " " + value + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String oneLine(Throwable t) {
        return (t.getClass().getName() + ": " + t.getMessage()).replace('\n', ' ');
    }
}
