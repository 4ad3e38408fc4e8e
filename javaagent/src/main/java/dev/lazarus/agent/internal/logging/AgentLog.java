package dev.lazarus.agent.internal.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's logging: SLF4J (relocated inside the agent jar, so it never meets the application's
 * SLF4J) with its simple binding writing to stderr, one logger named {@code lazarus}.
 */
public final class AgentLog {
    private AgentLog() {}

    /**
     * Configures the simple binding; call once, before the first logger is made.
     *
     * @param level error, warn, info, debug, trace or off
     */
    public static void configure(String level) {
        // These names are relocated with SLF4J, so they configure only the agent's copy.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        System.setProperty("org.slf4j.simpleLogger.warnLevelString", "WARN");
    }

    /** @return the agent's logger; its lines read {@code [INFO] lazarus - ...} */
    public static Logger get() {
        return LoggerFactory.getLogger("lazarus");
    }
}
