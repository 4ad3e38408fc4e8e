package dev.lazarus.it.parallel;

import dev.lazarus.it.apps.parallel.LookupTools;
import dev.lazarus.it.harness.FakeServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outside world of the parallel tool calls: a tool server ({@code GET /tools/lookup?topic=T&hold=MS}) and a
 * model ({@code POST /v1/chat/completions}) on one {@link FakeServer}, whose ledger is what the tests assert on.
 *
 * <p>A lookup's answer is {@code <topic>:<facts>#<n>}, where {@code n} counts the distinct step keys this topic
 * was asked with: a lookup sent again with the same {@code Lazarus-Step-Key} (it was in flight at a crash) gets
 * the same answer, while a lookup run twice (another key) gets another one, so a re-run shows in the result too,
 * not only in the ledger. Each lookup is held {@link #BASE_HOLD_MILLIS} plus what the request asks, so the
 * lookups of a fan-out really overlap.
 *
 * <p>The model's digest names one follow-up topic per result ({@code more-<topic>-<n>}); its final answer is a
 * digest of the whole prompt. Both depend on every result they were given.
 *
 * <p>For the tests: {@link #requireOverlap()} makes each lookup wait (up to {@link #OVERLAP_WAIT_SECONDS}) until
 * another lookup is at the server at the same time, and records those that waited in vain; {@link #hold} keeps
 * the first request of chosen topics unanswered until {@link #release()} (a call in flight at the kill);
 * {@link #failing} answers chosen topics with a 500.
 */
final class ToolServer implements AutoCloseable {
    /** Every lookup is held this long at least: the lookups of one fan-out are at the server together. */
    static final int BASE_HOLD_MILLIS = 15;
    /**
     * How long a lookup waits for company under {@link #requireOverlap()}: an upper bound, not an expectation. A
     * parallel stream on 2 cores may split its four elements three and one, so a lookup can be alone for good.
     */
    static final int OVERLAP_WAIT_SECONDS = 2;

    private static final Pattern TOPIC = Pattern.compile("[?&]topic=([^&]+)");
    private static final Pattern HOLD = Pattern.compile("[?&]hold=(\\d+)");
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");
    private static final Pattern RESULT = Pattern.compile("^([^:]+):[^#]*#(\\d+)$");

    final FakeServer server;

    private final Object lock = new Object();
    private final Set<Long> atServer = new HashSet<>();
    private final Set<Long> hadCompany = new HashSet<>();
    private final List<String> lonely = new ArrayList<>();
    private final Map<String, String> answerByStepKey = new HashMap<>();
    private final Map<String, Integer> keysPerTopic = new HashMap<>();
    private final Set<String> heldSoFar = new LinkedHashSet<>();
    private long nextId;
    private boolean overlap;
    private volatile Predicate<String> hold = topic -> false;
    private volatile Predicate<String> failing = topic -> false;
    private volatile Predicate<String> slow = topic -> false;
    private volatile int slowMillis;
    private final CountDownLatch release = new CountDownLatch(1);

    private ToolServer() throws IOException {
        server = FakeServer.start(64).route("/tools/lookup", this::lookup).route("/v1/chat/completions", this::chat);
    }

    static ToolServer start() throws IOException {
        return new ToolServer();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** Each lookup waits until another lookup is at the server too (the proof that the lookups overlap). */
    ToolServer requireOverlap() {
        synchronized (lock) {
            overlap = true;
        }
        return this;
    }

    /** The first request of each topic matching {@code topics} reaches the ledger and waits for {@link #release()}. */
    ToolServer hold(Predicate<String> topics) {
        hold = topics;
        return this;
    }

    /** Lookups of topics matching {@code topics} are answered with a 500 whose body counts the step keys. */
    ToolServer failing(Predicate<String> topics) {
        failing = topics;
        return this;
    }

    /** Lookups of topics matching {@code topics} are held {@code millis} longer (all of them, not only the first). */
    ToolServer slow(Predicate<String> topics, int millis) {
        slowMillis = millis;
        slow = topics;
        return this;
    }

    /** Answers the held requests. */
    void release() {
        release.countDown();
    }

    /** @return the topics held so far, in arrival order */
    List<String> held() {
        synchronized (lock) {
            return List.copyOf(heldSoFar);
        }
    }

    /** @return the lookups that waited {@link #OVERLAP_WAIT_SECONDS} without another lookup at the server */
    List<String> lonelyLookups() {
        synchronized (lock) {
            return List.copyOf(lonely);
        }
    }

    /** @return the lookups so far: topic and step key, in arrival order */
    List<Lookup> lookups() {
        return server.requests("/tools/lookup").stream()
                .map(r -> new Lookup(topicOf(r.path()), r.header(LookupTools.STEP_KEY_HEADER)))
                .toList();
    }

    /** @return the bodies of the model requests so far, in arrival order */
    List<String> modelRequests() {
        return server.requests("/v1/chat/completions").stream()
                .map(FakeServer.Request::body)
                .toList();
    }

    /** One lookup as the tool server saw it. */
    record Lookup(String topic, String stepKey) {}

    /** @return the topic of a lookup's result ({@code <topic>:<facts>#<n>}) */
    static String topicOfResult(String result) {
        Matcher m = RESULT.matcher(result);
        return m.matches() ? m.group(1) : null;
    }

    @Override
    public void close() {
        release();
        server.close();
    }

    private static String topicOf(String path) {
        Matcher m = TOPIC.matcher(path);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : "?";
    }

    private FakeServer.Response lookup(FakeServer.Request request) {
        String topic = topicOf(request.path());
        Matcher h = HOLD.matcher(request.path());
        int holdMillis = BASE_HOLD_MILLIS + (h.find() ? Integer.parseInt(h.group(1)) : 0);
        long id;
        boolean held;
        synchronized (lock) {
            id = nextId++;
            atServer.add(id);
            if (atServer.size() >= 2) {
                hadCompany.addAll(atServer);
                lock.notifyAll();
            }
            held = hold.test(topic) && heldSoFar.add(topic);
        }
        try {
            awaitCompany(id, topic);
            if (held) {
                release.await(120, TimeUnit.SECONDS);
            }
            Thread.sleep(holdMillis + (slow.test(topic) ? slowMillis : 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                atServer.remove(id);
            }
        }
        String stepKey = request.header(LookupTools.STEP_KEY_HEADER);
        String answer;
        synchronized (lock) {
            String k = stepKey == null ? "no-key-" + id : stepKey;
            answer = answerByStepKey.computeIfAbsent(k, x -> {
                int n = keysPerTopic.merge(topic, 1, Integer::sum);
                return topic + ":" + facts(topic) + "#" + n;
            });
        }
        if (failing.test(topic)) {
            return new FakeServer.Response(500, "text/plain", List.of("no facts about " + answer));
        }
        return new FakeServer.Response(200, "text/plain", List.of(answer));
    }

    private void awaitCompany(long id, String topic) throws InterruptedException {
        synchronized (lock) {
            if (!overlap) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OVERLAP_WAIT_SECONDS);
            while (!hadCompany.contains(id)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    lonely.add(topic);
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private static String facts(String topic) {
        return "facts-" + Integer.toHexString(topic.hashCode() * 31 + 7);
    }

    private FakeServer.Response chat(FakeServer.Request request) {
        Matcher m = CONTENT.matcher(request.body());
        String prompt = m.find() ? m.group(1) : "";
        String content;
        if (prompt.startsWith("Digest ")) {
            List<String> followUps = new ArrayList<>();
            for (String result : prompt.substring("Digest ".length()).split(" \\| ")) {
                Matcher r = RESULT.matcher(result);
                followUps.add(r.matches() ? "more-" + r.group(1) + "-" + r.group(2) : "more-unknown");
            }
            content = "digest of " + followUps.size() + " results, follow up on " + String.join(", ", followUps);
        } else {
            content = "answer-" + Integer.toHexString(prompt.hashCode());
        }
        String completion = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4.1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + content + "\"},\"finish_reason\":\"stop\",\"logprobs\":null}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
        return FakeServer.Response.json(completion);
    }
}
