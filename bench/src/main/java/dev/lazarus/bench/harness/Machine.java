package dev.lazarus.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the report says about the machine: cores, memory, the disk under the journal, kernel, JDKs, load. */
final class Machine {
    private Machine() {}

    static void describe(BenchMain b) {
        b.r.put("date", ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        b.r.put(
                "cores",
                Runtime.getRuntime().availableProcessors() + " (" + firstValue("/proc/cpuinfo", "model name") + ")");
        String mem = firstValue("/proc/meminfo", "MemTotal");
        try {
            mem = String.format(
                    java.util.Locale.ROOT,
                    "%.1f GiB",
                    Long.parseLong(mem.replace("kB", "").trim()) / 1048576.0);
        } catch (NumberFormatException e) {
            // keep the raw text
        }
        b.r.put("memory", mem);
        b.r.put("kernel", sh("uname -srm"));
        b.r.put(
                "disk",
                sh("df -hT " + b.work
                        + " | tail -1 | awk '{print $1\" \"$2\", \"$3\" total, \"$5\" free, mounted on \"$7}'"));
        b.r.put(
                "disk.device",
                sh("d=$(df " + b.work + " | tail -1 | awk '{print $1}' | sed 's#/dev/##'); "
                        + "echo \"block device $d: queue/rotational=$(cat /sys/block/$d/queue/rotational 2>/dev/null), "
                        + "scheduler=$(cat /sys/block/$d/queue/scheduler 2>/dev/null), "
                        + "write_cache=$(cat /sys/block/$d/queue/write_cache 2>/dev/null)\""));
        b.r.put("mount", sh("findmnt -no FSTYPE,OPTIONS --target " + b.work + " 2>/dev/null"));
        b.r.put(
                "virt",
                sh("echo \"systemd-detect-virt: $(systemd-detect-virt 2>/dev/null || echo n/a); CPU hypervisor flag: "
                        + "$(grep -q hypervisor /proc/cpuinfo && echo yes || echo no)\""));
        b.r.put("jdk", javaVersion(b.java17));
        b.r.put("jdk25", b.java25 == null ? "" : javaVersion(b.java25));
        b.r.put("work", b.work.toString());
        b.r.put("agent", b.agentJar.toString());
    }

    static String loadAverage() {
        return sh("uptime");
    }

    static String javaVersion(String javaBin) {
        String v = sh("'" + javaBin + "' -version 2>&1 | sed -n 2p");
        return v.isEmpty() ? javaBin : v;
    }

    static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    static String sh(String command) {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", command))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
