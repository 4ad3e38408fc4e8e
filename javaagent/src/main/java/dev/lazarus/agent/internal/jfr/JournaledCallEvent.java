package dev.lazarus.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One journaled call of a durable body, live or answered from the journal, so that
 * {@code jcmd <pid> JFR.start} shows where an execution's time goes. Its duration is the call's, plus
 * the journal write when live.
 */
@Name("dev.lazarus.JournaledCall")
@Label("Journaled Call")
@Category({"Lazarus"})
@Description("A call from a durable method to the outside world, run live and journaled, or answered from the journal")
@StackTrace(false)
public final class JournaledCallEvent extends jdk.jfr.Event {
    @Label("Execution")
    public String executionId;

    @Label("Step")
    public int position;

    @Label("Callee")
    public String callee;

    @Label("Call Site")
    public String callSite;

    @Label("Replayed")
    @Description("true when answered from the journal, false when run live")
    public boolean replayed;

    @Label("Attempts")
    public int attempts;

    @Label("Threw")
    public boolean threw;
}
