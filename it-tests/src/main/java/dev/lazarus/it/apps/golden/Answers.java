package dev.lazarus.it.apps.golden;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the golden scenarios' outside services answer: pure functions of their inputs, the same in every
 * process and on every JDK, so that a run that was never killed, a run resumed from a golden journal and a
 * test that decodes the journal all expect the very same values. Collections are of classes whose order and
 * text are deterministic ({@code ArrayList}, {@code LinkedHashMap}, {@code TreeSet}).
 */
public final class Answers {
    private static final Instant EPOCH = Instant.parse("2026-03-01T12:00:00Z");

    private Answers() {}

    /** @return an application record holding a list and a map */
    public static Quote quote(String item) {
        Map<String, Integer> stock = new LinkedHashMap<>();
        stock.put("north", item.length());
        stock.put("south", item.length() * 2);
        return new Quote(item, 100L * item.length() + 99, new ArrayList<>(List.of("golden", item)), stock);
    }

    /** @return a string with characters outside ASCII, which the journal stores as UTF-8 */
    public static String text(String s) {
        return "text of " + s + " (na\u00efve \u2713)";
    }

    /** @return an int */
    public static int count(String s) {
        return s.length();
    }

    /** @return a long beyond the range of an int */
    public static long total(String s) {
        return s.length() * 10_000_000_000L + 7;
    }

    /** @return a double with a fraction */
    public static double ratio(String s) {
        return s.length() / 8.0;
    }

    /** @return a list */
    public static List<String> list(String s) {
        return new ArrayList<>(List.of(
                s,
                s.toUpperCase(java.util.Locale.ROOT),
                new StringBuilder(s).reverse().toString()));
    }

    /** @return a sorted set of the characters */
    public static Set<String> set(String s) {
        Set<String> out = new TreeSet<>();
        s.chars().forEach(c -> out.add(String.valueOf((char) c)));
        return out;
    }

    /** @return a map in insertion order */
    public static Map<String, Integer> map(String s) {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("length", s.length());
        out.put("dashes", (int) s.chars().filter(c -> c == '-').count());
        return out;
    }

    /** @return the UTF-8 bytes */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a name-based UUID */
    public static UUID uuid(String s) {
        return UUID.nameUUIDFromBytes(bytes(s));
    }

    /** @return an instant */
    public static Instant instant(String s) {
        return EPOCH.plusSeconds(s.length());
    }

    /** @return an enum constant */
    public static Tier tier(String s) {
        return s.length() < 10 ? Tier.BASIC : Tier.PREMIUM;
    }

    /** @return a shipping label */
    public static String label(String s) {
        return "label-" + s;
    }

    /** @return what the flaky service answers once an attempt succeeds */
    public static String flaky(String s) {
        return "ok-" + s;
    }

    /** @return the message of the exception the refusing service throws */
    public static String refusal(String s) {
        return "refused " + s;
    }

    /** @return the message of the exception the flaky service's first attempt throws */
    public static String flakyFailure(String s) {
        return "flaky " + s + " failed its first attempt";
    }

    // ---- the tools of the branches scenario (format v2)

    /** @return the topics {@link GoldenBranches#research} looks up: {@link GoldenInputs#TOPICS} */
    public static List<String> topics(String key) {
        return GoldenInputs.TOPICS;
    }

    /** @return what a lookup of {@code topic} finds */
    public static String lookup(String key, String topic) {
        return topic + " for " + key + ": " + topic.length() * key.length();
    }

    /** @return the digest of the lookups' findings, in the order the body gave them */
    public static String digest(List<String> findings) {
        return "digest of " + findings.size() + " [" + String.join("; ", findings) + "]";
    }

    /** @return the refined digest (not only ASCII) */
    public static String refine(String digest) {
        return "refined \u2713 " + digest.length() + " chars";
    }

    /** @return what a check of {@code item} says */
    public static String check(String key, String item) {
        return item + " ok for " + key;
    }

    /** @return the final answer from the refined digest */
    public static String answer(String key, String refined) {
        return "answer for " + key + " from " + refined;
    }

    /** @return the message of the task of {@code invokeAny} that fails at once (its first source is down) */
    public static String unavailable(String key) {
        return "no first source for " + key;
    }

    /** @return the body {@link GoldenHttpServer} answers a request for {@code path} with (UTF-8, not only ASCII) */
    public static String http(String path) {
        return "answer to " + path + " \u2713";
    }
}
