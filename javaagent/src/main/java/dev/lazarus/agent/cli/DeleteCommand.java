package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.engine.Inbox;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLockedException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.RecordCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code delete --journal DIR ID} and {@code delete --journal DIR --name N --key K}: an operator removes finished
 * executions — one by id (or a unique prefix), or every top-level one with that durable name and key — together
 * with their child executions. An unfinished execution is refused (cancel it first), as is an unknown one.
 *
 * <p>Offline (no application holds the journal's lock) the command takes the lock itself, reads the journal
 * under it and appends an {@code execution-deleted} record per execution, so nothing can change between the
 * check and the write. When an application holds the lock, the deletion goes through the journal's inbox, as
 * {@code retry} and {@code cancel} do: the running engine checks again that the execution is finished and
 * appends the record within about a second (or the next start does). Either way the execution is gone for the
 * engine and the command line at once; its bytes stay in the journal until the next compaction removes them.
 */
final class DeleteCommand implements Command {
    @Override
    public String name() {
        return "delete";
    }

    @Override
    public String usage() {
        return "--journal DIR (ID | --name NAME --key KEY) [--reason TEXT]   delete finished executions (and their"
                + " children); compaction then removes their bytes from disk";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "name", "key", "reason");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        String name = args.option("name");
        String key = args.option("key");
        String id;
        if (name == null && key == null) {
            id = args.exactly("ID").get(0);
        } else if (name != null && key != null) {
            args.exactly();
            id = null;
        } else {
            throw new CliException("give an execution ID, or both --name NAME and --key KEY");
        }
        String reason = args.option("reason") == null ? "" : args.option("reason");
        if (JournalScan.segments(journal).isEmpty()) {
            // checked before opening: opening would create a journal at a mistyped path
            throw new CliException("no journal at " + journal + ": it holds no segment-NNNNNNNNNN.log file");
        }
        OperatorActions actions = OperatorActions.collecting();
        JournalLog log;
        try {
            log = JournalLog.open(journal, LogOptions.defaults(), actions::visit);
        } catch (JournalLockedException running) {
            return throughInbox(journal, id, name, key, reason, out, running);
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
        try (log) {
            // the lock is held: the read-only pass below sees the journal exactly as the first one did
            List<ExecutionFinder.Found> targets = targets(journal, id, name, key, actions);
            long now = System.currentTimeMillis();
            for (ExecutionFinder.Found f : targets) {
                ExecutionDeleted d = new ExecutionDeleted(f.id(), reason, now);
                log.append(RecordCodec.typeOf(d), RecordCodec.encode(d));
            }
            out.println("deleted " + describe(targets) + ": 'list', 'show' and "
                    + (targets.size() == 1 ? "its key" : "their keys")
                    + " no longer find " + (targets.size() == 1 ? "it" : "them")
                    + "; the records stay on disk until the next compaction removes them for good");
            return 0;
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static int throughInbox(
            Path journal,
            String id,
            String name,
            String key,
            String reason,
            PrintStream out,
            JournalLockedException running)
            throws CliException {
        List<ExecutionFinder.Found> targets = targets(journal, id, name, key, OperatorActions.read(journal));
        for (ExecutionFinder.Found f : targets) {
            try {
                Inbox.writeDelete(journal, f.id(), reason);
            } catch (IOException e) {
                throw new CliException("cannot write into " + journal.resolve("inbox") + ": " + e.getMessage());
            }
        }
        String holder = running.holderPid() >= 0 ? "process " + running.holderPid() : "the application";
        out.println("the running application (" + holder + ") deletes " + describe(targets)
                + " within about a second ('list' and 'show' still find it until then); the records stay on"
                + " disk until the next compaction removes them for good");
        return 0;
    }

    /** The executions to delete, all finished; refuses an unknown or unfinished one with one line. */
    private static List<ExecutionFinder.Found> targets(
            Path journal, String id, String name, String key, OperatorActions actions) throws CliException {
        List<ExecutionFinder.Found> targets;
        if (id != null) {
            ExecutionFinder finder =
                    ExecutionFinder.byId(id, false, true, actions).scan(journal);
            targets = finder.family(finder.one());
        } else {
            targets =
                    ExecutionFinder.byIdentity(name, key, actions).scan(journal).all();
            if (targets.isEmpty()) {
                throw new CliException(
                        "no execution of " + name + " with key " + key + " in this journal (see 'list --name')");
            }
        }
        for (ExecutionFinder.Found f : targets) {
            if (!f.summary.finished()) {
                throw new CliException((f.root == f ? "execution " : "child execution ") + f.id() + " ("
                        + f.started.durableName() + ") is " + f.summary.state() + ", not finished; cancel it first"
                        + " ('cancel --journal " + journal + " " + f.id() + "'), then delete it");
            }
        }
        return targets;
    }

    private static String describe(List<ExecutionFinder.Found> targets) {
        ExecutionFinder.Found first = targets.get(0);
        long roots = targets.stream().filter(f -> f.root == f).count();
        String what = roots == 1
                ? "execution " + first.id() + " (" + first.started.durableName() + ")"
                : roots + " executions of " + first.started.durableName() + " with key " + first.started.key();
        long children = targets.size() - roots;
        return children == 0 ? what : what + " and " + children + " child execution(s)";
    }
}
