package dev.lazarus.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One self-check ({@code selfcheck=replay}): a finished execution replayed from its journal right after it
 * finished, and whether the replay matched the run. Its duration is the replay's.
 */
@Name("dev.lazarus.SelfCheck")
@Label("Self-Check Replay")
@Category({"Lazarus"})
@Description("A finished execution replayed at once from its journal (selfcheck=replay), and what differed")
@StackTrace(false)
public final class SelfCheckEvent extends jdk.jfr.Event {
    @Label("Execution")
    public String executionId;

    @Label("Durable Name")
    public String durableName;

    @Label("Passed")
    @Description("true when the replay asked the same steps and ended with the same outcome")
    public boolean passed;

    @Label("Code")
    @Description("the LAZ- code of the difference, empty when passed")
    public String code;

    @Label("Report")
    @Description("the one-line report of the difference, empty when passed")
    public String report;
}
