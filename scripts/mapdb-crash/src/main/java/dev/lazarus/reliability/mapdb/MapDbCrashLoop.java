package dev.lazarus.reliability.mapdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Kills {@link MapDbCrashChild} with SIGKILL at random, seeded moments while it commits steps, reopens the store
 * and checks it: {@code MapDbCrashLoop OUT_DIR KILLS KILLS_PER_STORE SEED}. A store is <em>corrupted</em> if it no
 * longer opens, cannot be read back whole, or has lost or changed a step whose commit had returned; a corrupted
 * store is counted and replaced by a fresh one. Writes OUT_DIR/report.txt.
 */
public final class MapDbCrashLoop {
    private MapDbCrashLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int kills = Integer.parseInt(args[1]);
        int killsPerStore = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        Random random = new Random(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Files.createDirectories(out);
        int done = 0;
        int stores = 0;
        int unopenable = 0;
        int unreadable = 0;
        int lostAcked = 0;
        int changedAcked = 0;
        long committed = 0;
        int startupKills = 0;
        List<String> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        while (done < kills) {
            stores++;
            Path dir = out.resolve("store-" + stores);
            Files.createDirectories(dir);
            Path store = dir.resolve("mapdb.db");
            Path ledger = dir.resolve("acked.txt");
            boolean corrupted = false;
            for (int k = 0; k <= killsPerStore && !corrupted; k++) {
                boolean last = k == killsPerStore || done >= kills;
                Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                        "-cp", cp, MapDbCrashChild.class.getName(), store.toString(), ledger.toString(),
                        last ? "check" : "run").redirectErrorStream(true).redirectOutput(dir.resolve("run-" + k + ".out")
                        .toFile()).start();
                long spawned = System.nanoTime();
                if (!last && random.nextDouble() < 0.2) {
                    // a kill during start-up: while the JVM starts, MapDB opens (or creates) the store, replays its WAL
                    Thread.sleep(random.nextInt(700));
                    if (p.isAlive()) {
                        p.destroyForcibly();
                        p.waitFor();
                        done++;
                        startupKills++;
                        continue;
                    }
                }
                String check = null;
                long deadline = spawned + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    List<String> lines = lines(dir.resolve("run-" + k + ".out"));
                    String bad = lines.stream().filter(l -> l.startsWith("OPEN-FAILED") || l.startsWith("READ-FAILED"))
                            .findFirst().orElse(null);
                    if (bad != null) {
                        check = bad;
                        break;
                    }
                    if (lines.stream().anyMatch(l -> l.startsWith("READY")) || last && !p.isAlive()) {
                        check = lines.stream().filter(l -> l.startsWith("CHECK")).findFirst().orElse("NO-CHECK");
                        break;
                    }
                    if (!p.isAlive()) {
                        check = "EXITED " + p.exitValue() + " " + String.join(" | ", lines);
                        break;
                    }
                    Thread.sleep(5);
                }
                if (check == null) {
                    check = "TIMEOUT";
                }
                String problem = null;
                if (check.startsWith("OPEN-FAILED")) {
                    unopenable++;
                    problem = check;
                } else if (check.startsWith("READ-FAILED")) {
                    unreadable++;
                    problem = check;
                } else if (check.startsWith("CHECK")) {
                    long missing = field(check, "missing");
                    long different = field(check, "different");
                    committed = Math.max(committed, field(check, "acked"));
                    if (missing > 0) {
                        lostAcked++;
                        problem = check;
                    } else if (different > 0) {
                        changedAcked++;
                        problem = check;
                    }
                } else {
                    problem = check;
                    unopenable++;
                }
                if (problem != null) {
                    corrupted = true;
                    failures.add("store " + stores + " after " + k + " kills: " + problem);
                    System.out.println("store " + stores + " corrupted after " + k + " kills: " + problem);
                    p.destroyForcibly().waitFor();
                    break;
                }
                if (!last) {
                    Thread.sleep(random.nextInt(301));
                    p.destroyForcibly();
                    p.waitFor();
                    done++;
                    if (done % 100 == 0) {
                        System.out.printf(Locale.ROOT, "  %d kills, %d stores, %d corrupted%n", done, stores,
                                failures.size());
                    }
                } else {
                    p.waitFor(60, TimeUnit.SECONDS);
                }
            }
            if (!corrupted) {
                deleteTree(dir);
            }
        }
        int corruptedStores = failures.size();
        double bound = corruptedStores == 0 ? 3.0 / done : Double.NaN;
        String report = String.format(Locale.ROOT, "MapDB 3.1.0 crash loop (fileDB, transactionEnable(), one put + commit"
                        + " per step), seed %d%nkills: %d (%d during start-up), stores: %d (up to %d kills each), wall time %.0f s%n"
                        + "corrupted stores: %d (%.2f%% of stores; %.4f per kill): %d did not open, %d could not be read"
                        + " back, %d lost an acknowledged step, %d changed one%s%n",
                seed, done, startupKills, stores, killsPerStore, (System.nanoTime() - t0) / 1e9, corruptedStores,
                100.0 * corruptedStores / stores, corruptedStores / (double) Math.max(1, done), unopenable, unreadable,
                lostAcked, changedAcked, corruptedStores == 0 ? String.format(Locale.ROOT,
                        "; 95%% upper bound per kill %.5f", bound) : "");
        StringBuilder sb = new StringBuilder(report);
        failures.forEach(f -> sb.append("  ").append(f).append('\n'));
        System.out.println(sb);
        Files.writeString(out.resolve("report.txt"), sb.toString());
    }

    private static long field(String check, String name) {
        for (String part : check.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        return -1;
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.ISO_8859_1) : List.of();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
