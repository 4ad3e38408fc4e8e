package dev.lazarus.it.selfcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The outcome of every test of a run of the JUnit console launcher, read from the XML reports it writes with
 * {@code --reports-dir} (one {@code testcase} element per test, with a {@code failure}, {@code error} or
 * {@code skipped} child when it did not pass).
 */
final class SuiteOutcomes {
    /** The outcome of one test. */
    enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }

    private SuiteOutcomes() {}

    /**
     * @param reports the launcher's {@code --reports-dir}
     * @return {@code class#test name} to its outcome, in name order (a parameterized test's invocations are
     *     told apart by the index in their names)
     */
    static Map<String, Outcome> read(Path reports) {
        Map<String, Outcome> outcomes = new TreeMap<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path xml : files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .toList()) {
                NodeList cases = DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(xml.toFile())
                        .getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element c = (Element) cases.item(i);
                    String name = c.getAttribute("classname") + "#" + c.getAttribute("name");
                    if (outcomes.put(name, outcome(c)) != null) {
                        throw new IllegalStateException("two tests named " + name + " in " + xml);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the reports in " + reports, e);
        }
        return outcomes;
    }

    private static Outcome outcome(Element testcase) {
        if (testcase.getElementsByTagName("skipped").getLength() > 0) {
            return Outcome.SKIPPED;
        }
        if (testcase.getElementsByTagName("failure").getLength() > 0
                || testcase.getElementsByTagName("error").getLength() > 0) {
            return Outcome.FAILED;
        }
        return Outcome.PASSED;
    }

    /** @return the tests whose outcome differs between the two runs, {@code name: plain -> with agent} */
    static List<String> differences(Map<String, Outcome> plain, Map<String, Outcome> withAgent) {
        List<String> out = new ArrayList<>();
        Map<String, Outcome> all = new TreeMap<>(plain);
        withAgent.forEach(all::putIfAbsent);
        for (String test : all.keySet()) {
            Outcome a = plain.get(test);
            Outcome b = withAgent.get(test);
            if (a != b) {
                out.add(test + ": " + (a == null ? "not run" : a) + " -> " + (b == null ? "not run" : b));
            }
        }
        return out;
    }
}
