package dev.lazarus.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A running (or finished) child JVM started by {@link ChildJvm}. */
public final class ChildProcess {
    /** The exit code the JDK reports for a process killed by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;
    /** The exit code of a JVM that stopped on SIGTERM, after its shutdown hooks (128 + 15). */
    public static final int SIGTERM_EXIT = 143;

    private final String name;
    private final Jdk jdk;
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<Pattern> allowedStderr;
    private boolean killed;

    ChildProcess(
            String name,
            Jdk jdk,
            List<String> command,
            Process process,
            Path stdout,
            Path stderr,
            List<Pattern> allowedStderr) {
        this.name = name;
        this.jdk = jdk;
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.allowedStderr = List.copyOf(allowedStderr);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the lines the child printed on stdout so far */
    public List<String> stdout() {
        return lines(stdout);
    }

    /** @return the lines the child printed on stderr so far */
    public List<String> stderr() {
        return lines(stderr);
    }

    List<Pattern> allowedStderr() {
        return allowedStderr;
    }

    /**
     * Waits until a stdout line matches {@code regex} (find) and returns it. Fails at once, with the
     * child's output, if the child exits first; fails after {@code timeout} otherwise.
     */
    public String awaitStdout(String regex, Duration timeout) {
        return awaitStdoutCount(regex, 1, timeout).get(0);
    }

    /** Waits until {@code count} stdout lines match {@code regex}; returns the matching lines. */
    public List<String> awaitStdoutCount(String regex, int count, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive();
            List<String> found =
                    stdout().stream().filter(l -> p.matcher(l).find()).collect(Collectors.toList());
            if (found.size() >= count) {
                return found;
            }
            if (!alive) {
                fail(name + " exited (code " + process.exitValue() + ") after " + found.size() + " of " + count
                        + " stdout lines matching /" + regex + "/\n" + describe());
            }
            if (System.nanoTime() > deadline) {
                fail(name + " printed " + found.size() + " of " + count + " stdout lines matching /" + regex
                        + "/ within " + timeout.toSeconds() + "s\n" + describe());
            }
            sleep(20);
        }
    }

    /** @return the rest of the first stdout line starting with {@code prefix}; fails if there is none */
    public String stdoutValue(String prefix) {
        return stdout().stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst()
                .orElseGet(() -> fail(name + " printed no line starting with '" + prefix + "'\n" + describe()));
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux) and checks that it died of
     * that signal.
     */
    public void kill() {
        killed = true;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail(name + " did not die within 30s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(SIGKILL_EXIT, process.exitValue(), name + " should have died of SIGKILL\n" + describe());
    }

    /**
     * Stops the child with SIGTERM ({@link Process#destroy()} on Linux), as a deploy does, waits for it and checks
     * that it stopped of that signal (its shutdown hooks ran).
     */
    public void terminate() {
        killed = true;
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail(name + " did not stop within 30s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(SIGTERM_EXIT, process.exitValue(), name + " should have stopped on SIGTERM\n" + describe());
    }

    /** Waits for the child to exit; kills it and fails if it does not within {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String d = describe();
                process.destroyForcibly();
                fail(name + " did not exit within " + timeout.toSeconds() + "s (killed it)\n" + d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    /** Waits for the child to exit and fails unless its exit code is {@code expected}. */
    public ChildProcess assertExit(int expected, Duration timeout) {
        int code = awaitExit(timeout);
        assertEquals(expected, code, name + " exit code\n" + describe());
        return this;
    }

    boolean wasKilled() {
        return killed;
    }

    /**
     * @param marker text the line holds, such as a {@code LAZ-} code
     * @return the one stderr line that holds it (asserted: exactly one)
     */
    public String oneStderrLine(String marker) {
        List<String> lines = stderr().stream().filter(l -> l.contains(marker)).collect(Collectors.toList());
        assertEquals(1, lines.size(), "exactly one line with " + marker + "\n" + describe());
        return lines.get(0);
    }

    /** Asserts that neither stdout nor stderr holds a line of a stack trace: a user's failure is one line. */
    public void assertNoStackTrace() {
        List<String> trace = java.util.stream.Stream.concat(stdout().stream(), stderr().stream())
                .filter(ChildJvms::isStackTraceLine)
                .collect(Collectors.toList());
        assertEquals(List.of(), trace, "no stack trace expected\n" + describe());
    }

    /** @return the command, the exit code and the tails of stdout and stderr, for failure messages */
    public String describe() {
        return describe(60, 80);
    }

    /** @return the command, the exit code and all of stdout and stderr */
    public String describeFully() {
        return describe(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private String describe(int maxOut, int maxErr) {
        StringBuilder sb = new StringBuilder();
        sb.append("---- child '")
                .append(name)
                .append("' on ")
                .append(jdk)
                .append(", pid ")
                .append(pid());
        sb.append(process.isAlive() ? ", running" : ", exit code " + process.exitValue())
                .append('\n');
        sb.append("command: ").append(String.join(" ", command)).append('\n');
        sb.append("---- stdout (").append(stdout).append(")\n").append(tail(stdout(), maxOut));
        sb.append("---- stderr (").append(stderr).append(")\n").append(tail(stderr(), maxErr));
        sb.append("---- end of child '").append(name).append("'\n");
        return sb.toString();
    }

    private static String tail(List<String> lines, int max) {
        List<String> t = lines.size() > max ? lines.subList(lines.size() - max, lines.size()) : lines;
        StringBuilder sb = new StringBuilder();
        if (t.size() < lines.size()) {
            sb.append("  [... ").append(lines.size() - t.size()).append(" earlier lines]\n");
        }
        for (String l : t) {
            sb.append("  | ").append(l).append('\n');
        }
        return sb.toString();
    }

    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
            // the last element is "" after a final newline, or an unterminated last line
            if (out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void destroyIfAlive() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return the first group of {@code regex} in the first stdout line where it matches, or fails */
    public String stdoutGroup(String regex) {
        Pattern p = Pattern.compile(regex);
        for (String l : stdout()) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return m.group(1);
            }
        }
        return fail(name + ": no stdout line matches /" + regex + "/\n" + describe());
    }
}
