package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.engine.Inbox;
import dev.lazarus.store.record.ExecutionState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code retry ID} and {@code cancel ID}: an operator's command for one execution. Like events, it goes
 * through the journal's inbox, never into its segments: the running application carries it out within
 * about a second, or the next start does before it recovers anything. The execution's state is checked first,
 * in a streaming pass that holds that execution's summary and nothing else ({@link ExecutionFinder}).
 */
final class ControlCommand implements Command {
    private final String name;
    private final Set<ExecutionState> allowed;
    private final String usage;
    private final String effect;

    private ControlCommand(String name, Set<ExecutionState> allowed, String usage, String effect) {
        this.name = name;
        this.allowed = allowed;
        this.usage = usage;
        this.effect = effect;
    }

    /** @return {@code retry}: a FAILED or DIVERGED execution is recovered again at the next start */
    static ControlCommand retry() {
        return new ControlCommand(
                "retry",
                Set.of(ExecutionState.FAILED, ExecutionState.DIVERGED),
                "--journal DIR ID   recover a FAILED or DIVERGED execution again at the next start",
                "will be recovered again at the application's next start");
    }

    /** @return {@code cancel}: an unfinished execution is finished as FAILED and never resumed */
    static ControlCommand cancel() {
        return new ControlCommand(
                "cancel",
                Set.of(ExecutionState.RUNNING, ExecutionState.WAITING, ExecutionState.DIVERGED),
                "--journal DIR ID   finish an unfinished execution as FAILED; it is never resumed",
                "is cancelled (within about a second if the application runs, else at its next start)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String usage() {
        return usage;
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        String id = args.exactly("ID").get(0);
        ExecutionFinder.Found ex = ExecutionFinder.byId(id, false, false, OperatorActions.read(journal))
                .scan(journal)
                .one();
        if (name.equals(ex.summary.pending)) {
            throw new CliException("execution " + ex.id() + " already has a " + name + " waiting in the inbox; the"
                    + " application carries it out within about a second while it runs, or at its next start");
        }
        if (!allowed.contains(ex.summary.state())) {
            throw new CliException("execution " + ex.id() + " is " + ex.summary.state() + "; " + name + " applies to "
                    + allowed + " executions");
        }
        try {
            Inbox.writeControl(journal, name, ex.id());
        } catch (IOException e) {
            throw new CliException("cannot write into " + journal.resolve("inbox") + ": " + e.getMessage());
        }
        out.println("execution " + ex.id() + " (" + ex.started.durableName() + ") " + effect);
        return 0;
    }
}
