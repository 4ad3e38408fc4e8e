package dev.lazarus.it.apps.golden;

import dev.lazarus.Retry;
import dev.lazarus.it.apps.support.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The outside world of the golden scenarios. Every method answers what {@link Answers} says, and every real
 * call is one ledger line {@code <operation> <argument> -> <answer>} written just before it returns, after its
 * {@link HaltPoints halt point}: a call stopped there left no line. The flaky service counts its earlier
 * attempts in the ledger, as a real service remembers them across the caller's crashes.
 */
public class GoldenServices {
    /**
     * The ledger named by the system property {@code it.ledger}, looked up at each call rather than when the
     * flows' class initialises, so that tests can use the flows' helpers without a ledger.
     */
    private static Path ledgerFile() {
        String path = System.getProperty("it.ledger");
        if (path == null) {
            throw new IllegalStateException("system property it.ledger is not set");
        }
        return Paths.get(path);
    }

    /**
     * The outside world's side of every call of the golden scenarios' services (also {@link GoldenTools}'):
     * reaches the call's halt point, then writes the ledger line, then answers.
     */
    static <T> T answer(String operation, String argument, T answer) {
        HaltPoints.reach(GoldenInputs.haltPoint(operation, argument));
        new Ledger(ledgerFile())
                .append(operation, argument, answer instanceof byte[] b ? Arrays.toString(b) : String.valueOf(answer));
        return answer;
    }

    /** @return {@link Answers#quote} */
    public Quote quote(String item) {
        return answer("quote", item, Answers.quote(item));
    }

    /** @return {@link Answers#text} */
    public String text(String s) {
        return answer("text", s, Answers.text(s));
    }

    /** @return {@link Answers#count} */
    public int count(String s) {
        return answer("count", s, Answers.count(s));
    }

    /** @return {@link Answers#total} */
    public long total(String s) {
        return answer("total", s, Answers.total(s));
    }

    /** @return {@link Answers#ratio} */
    public double ratio(String s) {
        return answer("ratio", s, Answers.ratio(s));
    }

    /** @return {@link Answers#list} */
    public List<String> list(String s) {
        return answer("list", s, Answers.list(s));
    }

    /** @return {@link Answers#set} */
    public Set<String> set(String s) {
        return answer("set", s, Answers.set(s));
    }

    /** @return {@link Answers#map} */
    public Map<String, Integer> map(String s) {
        return answer("map", s, Answers.map(s));
    }

    /** @return {@link Answers#bytes} */
    public byte[] bytes(String s) {
        return answer("bytes", s, Answers.bytes(s));
    }

    /** @return {@code null}, a journaled value like any other */
    public String nothing(String s) {
        return answer("nothing", s, null);
    }

    /** @return {@link Answers#uuid} */
    public UUID uuid(String s) {
        return answer("uuid", s, Answers.uuid(s));
    }

    /** @return {@link Answers#instant} */
    public Instant instant(String s) {
        return answer("instant", s, Answers.instant(s));
    }

    /** @return {@link Answers#tier} */
    public Tier tier(String s) {
        return answer("tier", s, Answers.tier(s));
    }

    /** @return {@link Answers#label} */
    public String label(String s) {
        return answer("label", s, Answers.label(s));
    }

    /** Always throws an {@code IllegalStateException} with {@link Answers#refusal}. */
    public String refuse(String s) {
        answer("refuse", s, "refused");
        throw new IllegalStateException(Answers.refusal(s));
    }

    /**
     * Fails its first attempt for {@code s} (whichever process makes it) with a {@link GoldenFailure}, and
     * answers {@link Answers#flaky} from the second on. The halt point names the attempt:
     * {@code flaky:<s>:<attempt>}.
     */
    @Retry(maxAttempts = 3, initialDelay = "20ms", maxDelay = "20ms")
    public String flaky(String s) {
        int attempt = 1 + earlierLines("flaky", s);
        if (attempt == 1) {
            answer("flaky", s + ":" + attempt, "failed");
            throw new GoldenFailure(Answers.flakyFailure(s));
        }
        return answer("flaky", s + ":" + attempt, Answers.flaky(s));
    }

    private int earlierLines(String operation, String argument) {
        Path ledger = ledgerFile();
        if (!Files.exists(ledger)) {
            return 0;
        }
        try {
            String prefix = operation + " " + argument + ":";
            return (int) Files.readAllLines(ledger, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(prefix))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
