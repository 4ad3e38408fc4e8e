package dev.lazarus.agent.cli;

import dev.lazarus.store.log.DirectoryTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a command: {@code --name value} options (and {@code --flag} switches) anywhere,
 * and the positional words in order. Unknown options are refused.
 */
final class CliArgs {
    /** The switch every command accepts: use a journal directory that fails the trust check as it is. */
    static final String ACCEPT_UNTRUSTED = "accept-untrusted-journal";

    private final String command;
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CliArgs(String command) {
        this.command = command;
    }

    /**
     * @param command the command word, for messages
     * @param words the words after it
     * @param valued options that take a value (without the dashes)
     * @param switches options that take none
     */
    static CliArgs parse(String command, List<String> words, Set<String> valued, Set<String> switches)
            throws CliException {
        CliArgs a = new CliArgs(command);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (switches.contains(name) || name.equals(ACCEPT_UNTRUSTED)) {
                    a.options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= words.size()) {
                            throw new CliException("option --" + name + " needs a value");
                        }
                        value = words.get(++i);
                    }
                    a.options.put(name, value);
                } else {
                    throw new CliException("unknown option --" + name);
                }
            } else {
                a.positional.add(w);
            }
        }
        return a;
    }

    /** @return the {@code --journal DIR} option, required */
    Path journal() throws CliException {
        String dir = options.get("journal");
        if (dir == null) {
            throw new CliException("--journal DIR is required (the journal directory of the application)");
        }
        Path journal = Paths.get(dir);
        if (Files.isDirectory(journal)) {
            trust(journal);
        }
        return journal;
    }

    /**
     * Acts only as the journal's owner, and only on a directory others cannot write (unless
     * {@code --accept-untrusted-journal}): what the command writes (an inbox file, a record) must stay readable by
     * the application, and what it reads must not be someone else's values made to run code when decoded.
     */
    private void trust(Path journal) throws CliException {
        String owner = DirectoryTrust.foreignOwner(journal);
        if (owner != null) {
            throw new CliException(DirectoryTrust.UNTRUSTED + ": the journal " + journal + " belongs to user '" + owner
                    + "' and this command runs as another user; run it as " + owner + " (for example: sudo -u "
                    + owner + " java -jar lazarus-agent.jar " + command + " ...), so that what it writes stays the"
                    + " application's");
        }
        String problem = DirectoryTrust.problem(journal);
        if (problem != null && !options.containsKey(ACCEPT_UNTRUSTED)) {
            throw new CliException(DirectoryTrust.UNTRUSTED + ": the journal directory " + journal + " " + problem
                    + "; whoever can write it can make this command decode and run what they wrote. Make it"
                    + " owner-only (chmod 700), or pass --" + ACCEPT_UNTRUSTED + " to use it as it is");
        }
    }

    String option(String name) {
        return options.get(name);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }

    /** @return the positional words, which must be exactly {@code names.length} */
    List<String> exactly(String... names) throws CliException {
        if (positional.size() != names.length) {
            throw new CliException("expected " + (names.length == 0 ? "no arguments" : String.join(" ", names))
                    + " but got " + (positional.isEmpty() ? "nothing" : String.join(" ", positional)));
        }
        return positional;
    }
}
