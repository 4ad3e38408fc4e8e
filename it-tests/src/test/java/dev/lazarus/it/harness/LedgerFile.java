package dev.lazarus.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The test's view of the ledger the test apps' services write ({@code dev.lazarus.it.apps.support.Ledger}):
 * one line {@code <operation> <argument> -> <value>} per real side effect, i.e. what the outside world
 * saw. Tests assert on this (and on what the app printed), never on the journal's internals.
 */
public final class LedgerFile {
    /** One side effect. */
    public record Entry(String operation, String argument, String value) {
        @Override
        public String toString() {
            return operation + " " + argument + " -> " + value;
        }
    }

    private final Path file;

    public LedgerFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** @return every side effect so far, in order */
    public List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                int arrow = line.indexOf(" -> ", space + 1);
                if (space < 0 || arrow < 0) {
                    fail("malformed ledger line: " + line);
                }
                out.add(new Entry(
                        line.substring(0, space), line.substring(space + 1, arrow), line.substring(arrow + 4)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** @return the side effects of {@code operation} on {@code argument} */
    public List<Entry> find(String operation, String argument) {
        return entries().stream()
                .filter(e -> e.operation().equals(operation) && e.argument().equals(argument))
                .collect(Collectors.toList());
    }

    /** @return how many times {@code operation} on {@code argument} really happened */
    public int count(String operation, String argument) {
        return find(operation, argument).size();
    }

    /** @return the side effects of {@code operation}, on any argument */
    public List<Entry> find(String operation) {
        return entries().stream().filter(e -> e.operation().equals(operation)).collect(Collectors.toList());
    }

    /** Fails unless {@code operation argument} happened exactly once; returns its value. */
    public String once(String operation, String argument) {
        List<Entry> found = find(operation, argument);
        assertEquals(
                1,
                found.size(),
                "the outside world should have seen '" + operation + " " + argument + "' exactly once; ledger:\n"
                        + dump());
        return found.get(0).value();
    }

    /** @return the whole ledger, for failure messages */
    public String dump() {
        return entries().stream().map(e -> "  | " + e).collect(Collectors.joining("\n"));
    }
}
