package dev.lazarus.agent;

import dev.lazarus.agent.loader.AgentLauncher;

/**
 * {@code java -jar lazarus-agent.jar COMMAND ...}: the agent jar is also the command-line tool. This
 * entry point only hands over to the command line inside the agent's own class loader, where the engine's
 * classes live (see {@code dev.lazarus.agent.loader.AgentJar}).
 */
public final class CommandLine {
    private CommandLine() {}

    /**
     * @param args the command and its arguments
     * @throws Throwable what the command line throws (it reports user errors itself, in one line)
     */
    public static void main(String[] args) throws Throwable {
        AgentLauncher.commandLine(args, Premain.openAgentJar(CommandLine.class));
    }
}
