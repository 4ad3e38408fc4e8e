package dev.lazarus.agent.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar lazarus-agent.jar COMMAND --journal DIR ...}: the agent jar is also the command-line
 * tool. Every command works on the journal of a running application without disturbing it, and answers a
 * bad argument with one line and a non-zero exit. Only {@code delete} ever writes a segment, and only when no
 * application holds the journal (it then takes the journal's lock itself); every other command, and
 * {@code delete} while an application runs, reads the journal without its lock and hands changes to the
 * running application through the journal's inbox.
 */
public final class Main {
    private Main() {}

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command c : List.<Command>of(
                new ListCommand(),
                new ShowCommand(),
                new SendEventCommand(),
                ControlCommand.retry(),
                ControlCommand.cancel(),
                new DeleteCommand(),
                new StatsCommand(),
                new CompactCommand(),
                new ExplainCommand(),
                new VerifyCommand())) {
            commands.put(c.name(), c);
        }
        return commands;
    }

    /** @param args the command and its arguments */
    public static void main(String[] args) {
        // one write per 64 KiB rather than one per line: `list` prints a row per execution of the journal
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false,
                Charset.defaultCharset());
        int code = run(args, out, System.err);
        out.flush();
        System.exit(code);
    }

    /** Runs a command; returns the exit code (0 ok, 2 bad usage or a condition the user can fix). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            help(commands, out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println(
                    "lazarus: unknown command '" + args[0] + "'; commands: " + String.join(", ", commands.keySet()));
            return 2;
        }
        try {
            return command.run(
                    CliArgs.parse(
                            command.name(),
                            Arrays.asList(args).subList(1, args.length),
                            command.valuedOptions(),
                            command.switches()),
                    out);
        } catch (CliException e) {
            err.println("lazarus " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError e) {
            // the commands hold what is open at a point of the journal; this is a journal with very many of those,
            // or one execution with very many records (show)
            err.println("lazarus " + command.name() + ": the JVM ran out of memory (" + e.getMessage()
                    + "); run it with more heap: java -Xmx1g -jar lazarus-agent.jar " + command.name() + " ...");
            return 1;
        } catch (RuntimeException e) {
            String message = e.getMessage();
            err.println("lazarus " + command.name() + ": "
                    + (message != null && message.startsWith("LAZ-") ? message : e.toString()));
            return 1;
        }
    }

    private static void help(Map<String, Command> commands, PrintStream out) {
        out.println("Lazarus: durable execution for the JVM.");
        out.println();
        out.println("As an agent:  java -javaagent:lazarus-agent.jar=journal=DIR[,option=value...] -jar app.jar");
        out.println("As a tool:    java -jar lazarus-agent.jar COMMAND --journal DIR [arguments]");
        out.println();
        out.println("Commands:");
        for (Command c : commands.values()) {
            out.printf("  %-12s %s%n", c.name(), c.usage());
        }
    }
}
