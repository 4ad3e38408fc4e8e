package dev.lazarus.it.harness;

import java.nio.file.Path;

/** The agent jar's command-line tool, run as its own JVM the way an operator runs it. */
public final class AgentCli {
    private AgentCli() {}

    /**
     * Runs {@code java -jar lazarus-agent.jar send-event --journal <journal> <event> <key> <json>} on
     * {@code jdk} and waits for it to exit (its one-line refusals on stderr are expected, not problems).
     *
     * @param name the child's name within the test
     * @return the finished process
     */
    public static ChildProcess sendEvent(
            Jdk jdk, Path dir, String name, Path journal, String event, String key, String json) {
        ChildProcess cli = ChildJvm.on(jdk, dir, name)
                .jar(ItEnv.agentJar(), "send-event", "--journal", journal.toString(), event, key, json)
                .allowStderr("^lazarus send-event: ")
                .start();
        cli.awaitExit(Apps.WAIT);
        return cli;
    }
}
