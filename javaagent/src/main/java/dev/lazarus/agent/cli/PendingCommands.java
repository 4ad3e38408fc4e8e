package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.engine.Inbox;
import java.nio.file.Path;
import java.util.Map;

/**
 * Operators' commands ({@code retry}, {@code cancel}, {@code delete}) still waiting in the journal's inbox: written
 * by the command line, not yet carried out by the application (it is stopped, or has not polled yet). The command
 * line shows executions as the application will see them once these are carried out, so that a second
 * {@code retry} is not taken for a first one and a {@code cancel} after a {@code retry} is not refused. The inbox is
 * read as the application reads it ({@link Inbox#pendingCommands}).
 */
final class PendingCommands {
    private final Map<String, String> byExecution;

    private PendingCommands(Map<String, String> byExecution) {
        this.byExecution = byExecution;
    }

    /** @return no pending command (a journal read without looking at its inbox) */
    static PendingCommands none() {
        return new PendingCommands(Map.of());
    }

    /**
     * @param journal the journal directory
     * @return the commands in its inbox
     */
    static PendingCommands read(Path journal) {
        return new PendingCommands(Inbox.pendingCommands(journal));
    }

    /** @return the last command pending for the execution ({@code retry}, {@code cancel}, {@code delete}), or null */
    String forExecution(String executionId) {
        return byExecution.get(executionId);
    }
}
