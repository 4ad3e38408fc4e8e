package dev.lazarus.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point. It does nothing but hand off: everything else is loaded only after the
 * bootstrap bridge is in place.
 */
public final class Premain {
    private Premain() {
    }

    /**
     * Called by the JVM for {@code -javaagent:lazarus-agent.jar[=options]}.
     *
     * @param agentArgs the options
     * @param inst the instrumentation service
     */
    public static void premain(String agentArgs, Instrumentation inst) {
        dev.lazarus.agent.internal.startup.AgentStarter.start(agentArgs, inst);
    }
}
