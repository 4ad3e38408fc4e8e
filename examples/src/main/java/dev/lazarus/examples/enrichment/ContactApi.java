package dev.lazarus.examples.enrichment;

import dev.lazarus.Retry;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A stand-in for a paid, rate-limited contact-enrichment API (Clearbit, Apollo, People Data Labs...).
 * Local and deterministic: every third request is answered {@code 429 Too Many Requests} once, and the
 * same request a moment later succeeds.
 *
 * <p>{@code @Retry} makes Lazarus retry rate-limited lookups with back-off (250 ms, 500 ms, 1 s), and only
 * those: any other failure goes straight to the durable method. Each failed attempt and the time of the
 * next one are journaled, so a process killed while backing off resumes the back-off after a restart.
 */
class ContactApi {
    private static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli"};
    private static final String[] TITLES = {"CTO", "Head of Data", "VP Sales", "Staff Engineer", "Founder"};

    private int requests;
    private final Set<String> limitedOnce = new HashSet<>();
    private int liveCalls;

    @Retry(
            maxAttempts = 4,
            initialDelay = "250ms",
            maxDelay = "2s",
            multiplier = 2.0,
            retryOn = RateLimitedException.class)
    Contact lookup(String email) {
        requests++;
        liveCalls++;
        if (requests % 3 == 0 && limitedOnce.add(email)) {
            System.out.println("  LIVE  api.lookup(" + email + ") -> 429 Too Many Requests");
            throw new RateLimitedException("429 Too Many Requests for " + email + "; retry later");
        }
        pause(100);
        String local = email.substring(0, email.indexOf('@'));
        int h = Math.abs(email.hashCode());
        Contact c = new Contact(
                email,
                capitalize(local.replace('.', ' ')),
                COMPANIES[h % COMPANIES.length],
                TITLES[(h / 7) % TITLES.length]);
        System.out.println(
                "  LIVE  api.lookup(" + email + ") -> " + c.name() + ", " + c.title() + " at " + c.company());
        return c;
    }

    int liveCalls() {
        return liveCalls;
    }

    private static String capitalize(String s) {
        StringBuilder sb = new StringBuilder();
        for (String word : s.split(" ")) {
            if (!word.isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "")
                        .append(word.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(word.substring(1));
            }
        }
        return sb.toString();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
