package dev.lazarus.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An execution's run in this process: started or resumed, and how it ended. Its duration is the run's. */
@Name("dev.lazarus.Execution")
@Label("Durable Execution")
@Category({"Lazarus"})
@Description("A run of a durable method in this process: started, or resumed after a restart, until it ended")
@StackTrace(false)
public final class ExecutionEvent extends jdk.jfr.Event {
    @Label("Execution")
    public String executionId;

    @Label("Durable Name")
    public String durableName;

    @Label("Resumed")
    @Description("true when an earlier process started it and this one resumed it")
    public boolean resumed;

    @Label("Replayed Steps")
    public int replayedSteps;

    @Label("Outcome")
    @Description("COMPLETED, FAILED, DIVERGED, or INTERRUPTED when the journal stopped")
    public String outcome;
}
