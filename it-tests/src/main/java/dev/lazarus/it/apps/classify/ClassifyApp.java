package dev.lazarus.it.apps.classify;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One durable body with every kind of call the transparency rule distinguishes (see
 * {@code ClassificationTest}). The test kills the process at {@code gate.pass("classify-end")}, near
 * the end, and calls the method again in a new process.
 *
 * <p>{@code ClassifyApp ID}: prints {@code RESULT <result>} and then {@code TALLY-CALLS <n>}, the
 * number of {@link Tally} calls that ran in this process.
 */
public class ClassifyApp {
    private static final Logger JUL = Logger.getLogger(ClassifyApp.class.getName());

    private final Catalog catalog;
    private final Directory directory;
    private final Observer observer;
    private final Quota quota;
    private final Gate gate = new Gate();
    private final Publisher publisher;
    /** {@code -Dit.verbose=true}: the body logs one more line (first run only: log calls are not journaled). */
    private final boolean verbose = Boolean.getBoolean("it.verbose");

    public ClassifyApp(Ledger ledger) {
        catalog = new Catalog(ledger);
        directory = new Directory(ledger);
        observer = new Observer(ledger);
        quota = new Quota(ledger);
        publisher = new Publisher(ledger);
    }

    @Durable
    public String classify(@ExecutionKey String id) {
        // replay-silent: printed when run live, not again on replay
        System.out.println("LOG before-gate " + id);
        JUL.info("JUL before-gate " + id);
        if (verbose) {
            System.out.println("LOG verbose " + id);
            System.err.println("ERR verbose " + id);
            JUL.info("JUL verbose " + id);
        }

        // the JDK's sources of non-determinism: journaled, identical after a restart
        long millis = System.currentTimeMillis();
        long nanos = System.nanoTime();
        Instant instant = Instant.now();
        int random = new Random().nextInt();
        long threadLocalRandom = ThreadLocalRandom.current().nextLong();
        long secureRandom = new SecureRandom().nextLong();
        UUID uuid = UUID.randomUUID();
        String observed = "millis=" + millis + ";nanos=" + nanos + ";instant=" + instant + ";random=" + random
                + ";threadLocalRandom=" + threadLocalRandom + ";secureRandom=" + secureRandom + ";uuid=" + uuid;
        observer.observe(id, observed);

        // objects the body creates and mutates, JDK collections, strings, streams: recomputed
        Tally tally = new Tally();
        List<String> names = new ArrayList<>();
        names.add("alpha");
        names.add("beta");
        names.add("gamma");
        Map<String, Integer> lengths = new TreeMap<>();
        for (String n : names) {
            lengths.put(n, n.length());
            tally.add(n.length());
        }
        String labels = names.stream()
                .filter(n -> n.length() > 4)
                .map(n -> tally.label(n))
                .collect(Collectors.joining("+"));

        // a field-held service called from a lambda: journaled
        List<String> described = names.stream().map(n -> catalog.describe(n)).collect(Collectors.toList());

        // a private helper of the body's class that calls a service: journaled
        String region = regionOf(id);

        // an exception a service threw: recorded, rethrown on replay without calling the service
        String failure;
        try {
            quota.reserve(id);
            failure = "none";
        } catch (QuotaExceededException e) {
            failure = e.getClass().getName() + ": " + e.getMessage();
        }

        gate.pass("classify-end");
        System.out.println("LOG after-gate " + id);
        JUL.info("JUL after-gate " + id);

        String result = "observed=" + observed + "|tally=" + tally.total() + "|lengths=" + lengths + "|labels=" + labels
                + "|described=" + described + "|region=" + region + "|failure=" + failure;
        publisher.publish(id, result);
        return result;
    }

    private String regionOf(String id) {
        return directory.region(id.toUpperCase(Locale.ROOT));
    }

    public static void main(String[] args) {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        ClassifyApp app = new ClassifyApp(Ledger.fromSystemProperty());
        String result = app.classify(args[0]);
        System.out.println("RESULT " + result);
        System.out.println("TALLY-CALLS " + Tally.CALLS.get());
    }
}
