package dev.lazarus.agent.internal.config;

import dev.lazarus.LazarusException;
import dev.lazarus.store.log.LogOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's options: {@code key=value} pairs separated by {@code ,} after the agent jar
 * ({@code -javaagent:lazarus-agent.jar=journal=./data,recover=manual}), each also readable from the
 * system property {@code lazarus.<key>}; the agent argument wins. Unknown keys and bad values are
 * refused with one line naming the option.
 */
public final class AgentConfig {
    /** How unfinished executions are resumed after a restart. */
    public enum Recovery {
        AUTO,
        MANUAL
    }

    /** The agent's retention unless {@code retention=} says otherwise; the command line assumes it too. */
    public static final String DEFAULT_RETENTION = "7d";

    private static final Set<String> KEYS = Set.of(
            "journal",
            "durability",
            "recover",
            "retention",
            "segmentSize",
            "log",
            "report",
            "trace",
            "journaled",
            "recomputed",
            "durable",
            "maxRecoveries",
            "retry",
            "selfcheck",
            "acceptUntrustedJournal");

    private final Path journal;
    private final String durability;
    private final Recovery recover;
    private final String logLevel;
    private final String report;
    private final boolean trace;
    private final List<String> journaled;
    private final List<String> recomputed;
    private final List<String> durable;
    private final int maxRecoveries;
    private final Map<String, RetryPolicy> retries;
    private final long retentionMillis;
    private final long segmentSize;
    private final boolean selfCheck;
    private final boolean acceptUntrustedJournal;

    private AgentConfig(Map<String, String> o) {
        journal = Paths.get(o.getOrDefault("journal", "./lazarus-journal"));
        durability = choice(o, "durability", "fsync", "fsync", "process", "async");
        recover =
                Recovery.valueOf(choice(o, "recover", "auto", "auto", "manual").toUpperCase(Locale.ROOT));
        logLevel = choice(o, "log", "info", "error", "warn", "info", "debug", "trace", "off");
        report = o.getOrDefault("report", "");
        trace = Boolean.parseBoolean(choice(o, "trace", "false", "true", "false"));
        journaled = list(o.get("journaled"));
        recomputed = list(o.get("recomputed"));
        durable = list(o.get("durable"));
        maxRecoveries = positiveInt(o, "maxRecoveries", 10);
        retries = retries(o.get("retry"));
        selfCheck = choice(o, "selfcheck", "off", "off", "replay").equals("replay");
        acceptUntrustedJournal = Boolean.parseBoolean(choice(o, "acceptUntrustedJournal", "false", "true", "false"));
        String keep = o.getOrDefault("retention", DEFAULT_RETENTION);
        try {
            retentionMillis = Durations.millis(keep);
        } catch (LazarusException e) {
            throw bad("retention=" + keep + ": " + e.getMessage());
        }
        segmentSize = bytes(o, "segmentSize", "64m", LogOptions.MIN_SEGMENT_SIZE, LogOptions.MAX_SEGMENT_SIZE);
    }

    /** A size in bytes: digits with an optional {@code k}, {@code m} or {@code g} (powers of 1024). */
    private static long bytes(Map<String, String> o, String key, String dflt, long min, long max) {
        String v = o.getOrDefault(key, dflt).trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1));
            v = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(v), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(key + "=" + o.get(key) + " is not a size (e.g. 64m, 512k)");
        }
        if (n < min || n > max) {
            throw bad(key + "=" + o.get(key) + " is outside [" + min + ", " + max + "] bytes");
        }
        return n;
    }

    /** {@code retry=com.acme.Api#call:4/200ms/2s/2;org.x.:3/1s} */
    private static Map<String, RetryPolicy> retries(String v) {
        Map<String, RetryPolicy> out = new LinkedHashMap<>();
        for (String entry : list(v)) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw bad("retry entry '" + entry + "' is not PATTERN:maxAttempts/initialDelay/maxDelay/multiplier");
            }
            try {
                out.put(entry.substring(0, colon).trim(), RetryPolicy.parseShort(entry.substring(colon + 1)));
            } catch (LazarusException e) {
                throw bad("retry entry '" + entry + "': " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * @param agentArgs the text after {@code =} in {@code -javaagent:...=}, or {@code null}
     * @param systemProperties where {@code lazarus.<key>} are read
     * @return the options
     * @throws LazarusException (LAZ-003) for an unknown option or a bad value
     */
    public static AgentConfig parse(String agentArgs, Properties systemProperties) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("lazarus.") && KEYS.contains(name.substring("lazarus.".length()))) {
                options.put(name.substring("lazarus.".length()), systemProperties.getProperty(name));
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String pair : splitOptions(agentArgs)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw bad("'" + pair + "' is not key=value");
                }
                String key = pair.substring(0, eq).trim();
                if (!KEYS.contains(key)) {
                    throw bad("unknown option '" + key + "'; known options: " + String.join(", ", sorted(KEYS)));
                }
                options.put(key, pair.substring(eq + 1).trim());
            }
        }
        return new AgentConfig(options);
    }

    /** Splits on commas, except inside the list options, whose values are separated by {@code ;}. */
    private static List<String> splitOptions(String args) {
        return Arrays.asList(args.split(","));
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(null);
        return list;
    }

    private static String choice(Map<String, String> o, String key, String dflt, String... allowed) {
        String v = o.getOrDefault(key, dflt).trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw bad("option " + key + "=" + v + " is not one of " + String.join("|", allowed));
    }

    private static int positiveInt(Map<String, String> o, String key, int dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad("option " + key + "=" + v + " is not a positive whole number");
    }

    private static List<String> list(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : v.split(";")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static LazarusException bad(String what) {
        return new LazarusException("LAZ-003", "bad agent option: " + what);
    }

    /** @return the journal directory ({@code journal=}, default {@code ./lazarus-journal}) */
    public Path journal() {
        return journal;
    }

    /** @return {@code fsync} (default), {@code process} or {@code async} */
    public String durability() {
        return durability;
    }

    /** @return {@code recover=auto} (default) or {@code manual} */
    public Recovery recover() {
        return recover;
    }

    /** @return the agent's log level ({@code log=}, default {@code info}) */
    public String logLevel() {
        return logLevel;
    }

    /** @return where to print the transparency report: {@code ""} (nowhere), {@code stderr}, or a file path */
    public String report() {
        return report;
    }

    /** @return whether every journaled call is logged as live or replayed ({@code trace=true}) */
    public boolean trace() {
        return trace;
    }

    /** @return callee patterns always journaled ({@code journaled=com.acme.;org.foo.Client}) */
    public List<String> journaled() {
        return journaled;
    }

    /**
     * @return patterns of methods made durable without {@code @Durable} ({@code durable=com.acme.Job#run;org.x.Agent}),
     *     for code the user cannot edit
     */
    public List<String> durable() {
        return durable;
    }

    /** @return callee patterns always recomputed ({@code recomputed=...}) */
    public List<String> recomputed() {
        return recomputed;
    }

    /** @return retry policies for callees by pattern ({@code retry=PATTERN:4/200ms/2s/2;...}) */
    public Map<String, RetryPolicy> retries() {
        return retries;
    }

    /**
     * @return how long finished executions are kept ({@code retention=7d}): after it, compaction removes their
     *     records and an explicit key no longer answers with their outcome
     */
    public long retentionMillis() {
        return retentionMillis;
    }

    /**
     * @return the size past which the journal rolls over to a new segment file ({@code segmentSize=64m}); only
     *     whole sealed segments are compacted, so smaller segments free space sooner at the cost of more files
     */
    public long segmentSize() {
        return segmentSize;
    }

    /** @return recoveries without progress before an execution is marked FAILED ({@code maxRecoveries=10}) */
    public int maxRecoveries() {
        return maxRecoveries;
    }

    /**
     * @return whether every execution that finishes is replayed at once from its journal and any difference
     *     reported ({@code selfcheck=replay}; default {@code off})
     */
    public boolean selfCheck() {
        return selfCheck;
    }

    /**
     * @return whether a journal directory that fails the trust check (owned by another user, or writable by others)
     *     is used anyway: option {@code acceptUntrustedJournal=true}
     */
    public boolean acceptUntrustedJournal() {
        return acceptUntrustedJournal;
    }
}
