package dev.lazarus.agent.internal.retention;

/**
 * Where the executions of a journal stand, for deciding which records are still needed: the engine's index
 * in a running application, a pass over the journal for the offline {@code compact} command.
 */
public interface ExecutionStatuses {
    /**
     * @param executionId the id of a top-level or child execution (never a branch's id: the rule asks for the
     *     execution that owns a branch)
     * @return where it stands for retention; a child execution stands where its top-level execution stands
     *     while that one is unfinished (its outcome answers the parent's replay)
     */
    ExecutionStatus of(String executionId);

    /**
     * @param eventId the id of an event sent from outside the executions
     * @return where its consumer stands: {@link ExecutionStatus#UNFINISHED} while the event waits to be consumed,
     *     the consuming execution's status once consumed (finished at the consumption for code outside any
     *     execution), {@link ExecutionStatus#UNKNOWN} once its consumer is forgotten
     */
    ExecutionStatus consumerOf(String eventId);
}
