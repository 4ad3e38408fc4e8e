package dev.lazarus.agent.cli;

import java.io.PrintStream;
import java.util.Set;

/** One sub-command of {@code java -jar lazarus-agent.jar COMMAND ...}. */
interface Command {
    /** @return the word that selects it, such as {@code list} */
    String name();

    /** @return one line for the help text: arguments and what it does */
    String usage();

    /** @return the options that take a value, without dashes ({@code journal} by default) */
    default Set<String> valuedOptions() {
        return Set.of("journal");
    }

    /** @return the options that take no value, without dashes */
    default Set<String> switches() {
        return Set.of();
    }

    /**
     * @param args the arguments after the command word
     * @param out where results go
     * @return the process exit code
     * @throws CliException for a bad argument or a condition the user can fix: one line, non-zero exit
     */
    int run(CliArgs args, PrintStream out) throws CliException;
}
