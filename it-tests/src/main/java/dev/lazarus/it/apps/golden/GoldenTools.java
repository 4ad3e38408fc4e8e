package dev.lazarus.it.apps.golden;

import java.util.ArrayList;
import java.util.List;

/**
 * The outside world of the golden scenario {@code branches} (format v2): the tools and model an agent's body
 * asks, held in a field of {@link GoldenBranches}, so every call on it is journaled wherever the body runs it
 * (on its own thread or on a thread it handed work to). Each method answers what {@link Answers} says and
 * writes one ledger line ({@code <operation> <key>[:<what>] -> <answer>}) after its {@link HaltPoints halt
 * point} and before it returns, as {@link GoldenServices} does; the ledger is written from several threads at
 * once, so its lines for one fan-out come in the order the threads reached it.
 */
public class GoldenTools {
    /** @return {@link Answers#topics}: what the body looks up in its first fan-out */
    public List<String> topics(String key) {
        return GoldenServices.answer("topics", key, new ArrayList<>(Answers.topics(key)));
    }

    /** @return {@link Answers#lookup} */
    public String lookup(String key, String topic) {
        return GoldenServices.answer("lookup", key + ":" + topic, Answers.lookup(key, topic));
    }

    /** @return {@link Answers#digest} of the lookups' findings */
    public String digest(String key, List<String> findings) {
        return GoldenServices.answer("digest", key, Answers.digest(findings));
    }

    /** @return {@link Answers#refine}; its halt point is {@code refine:<key>} */
    public String refine(String key, String digest) {
        return GoldenServices.answer("refine", key, Answers.refine(digest));
    }

    /** @return {@link Answers#check} */
    public String check(String key, String item) {
        return GoldenServices.answer("check", key + ":" + item, Answers.check(key, item));
    }

    /** @return {@link Answers#answer} from the refined digest */
    public String answer(String key, String refined) {
        return GoldenServices.answer("answer", key, Answers.answer(key, refined));
    }
}
