package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogFileOpener;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * An engine on a journal directory with a {@link FakeClock}, without the agent: tests drive durable methods
 * through the engine's {@link dev.lazarus.agent.bridge.Dispatcher} API, as instrumented code does
 * ({@link TestDurable}, {@link TestSite}). A "restart" is what a stopped process and a new one amount to for
 * the journal: the engine is closed (nothing more is written), the threads of the old "process" are
 * stopped, and a new engine opens the same directory. A restart is graceful (the activity board is marked
 * clean, so no execution is blamed for it); a "crash" leaves the board as the threads left it, as a kill does.
 */
final class EngineHarness implements AutoCloseable {
    final FakeClock clock = new FakeClock();
    private final Path journal;
    private final String options;
    private final EffectCatalog catalog;
    private final Logger log;
    private final LogFileOpener files;
    private final List<Running<?>> running = new ArrayList<>();
    private volatile Engine engine;

    /** @param journal the journal directory; unfinished executions resume when the test calls them again */
    EngineHarness(Path journal) {
        this(journal, "recover=manual");
    }

    /** @param options more agent options, such as {@code recover=auto} */
    EngineHarness(Path journal, String options) {
        this(journal, options, EffectCatalog.standard());
    }

    /**
     * @param options more agent options
     * @param catalog the boundaries whose effects the engine journals (a test's own, standing for woven ones)
     */
    EngineHarness(Path journal, String options, EffectCatalog catalog) {
        this(journal, options, catalog, NOPLogger.NOP_LOGGER, LogFileOpener.standard());
    }

    /**
     * @param options more agent options
     * @param log the agent's logger (a test's, to read what the engine said)
     * @param files how the journal's files are opened (a test's, to count the journal's writes and syncs)
     */
    EngineHarness(Path journal, String options, Logger log, LogFileOpener files) {
        this(journal, options, EffectCatalog.standard(), log, files);
    }

    private EngineHarness(Path journal, String options, EffectCatalog catalog, Logger log, LogFileOpener files) {
        this.journal = journal;
        this.options = options;
        this.catalog = catalog;
        this.log = log;
        this.files = files;
        open();
    }

    private void open() {
        AgentConfig config =
                AgentConfig.parse("journal=" + journal + ",durability=process," + options, new Properties());
        engine = EngineStarter.start(config, log, clock, catalog, files);
    }

    Engine engine() {
        return engine;
    }

    ExecutionIndex index() {
        return engine.context().index();
    }

    /** Runs a call on a thread of its own; {@link #restart} stops it as a crash would. */
    <T> Running<T> start(Running.Call<T> call) {
        Running<T> r = Running.start(call);
        synchronized (running) {
            running.add(r);
        }
        return r;
    }

    /**
     * The process dies and a new one starts on the same journal: the engine is closed first, so the old
     * threads, interrupted out of their waits, can write nothing more; then a new engine opens the journal.
     * The clock goes on where it was.
     */
    void restart() throws InterruptedException {
        restart(() -> {});
    }

    /**
     * As {@link #restart()}, and {@code alsoDying} stops the other threads of the process (a test's executors)
     * once the journal is closed, so that a durable call waiting for them, which may not answer an interrupt
     * ({@code CompletableFuture.join}), ends too.
     */
    void restart(Runnable alsoDying) throws InterruptedException {
        kill(alsoDying, false);
        open();
    }

    /**
     * As {@link #restart()}, but the process is killed: its activity board stays as its threads left it (a thread
     * in its execution's own code, waiting, or in a journaled call), for the new engine to read.
     */
    void crash() throws InterruptedException {
        crash(() -> {});
    }

    /** As {@link #crash()}, stopping the process's other threads too (see {@link #restart(Runnable)}). */
    void crash(Runnable alsoDying) throws InterruptedException {
        kill(alsoDying, true);
        open();
    }

    private void kill(Runnable alsoDying, boolean killed) throws InterruptedException {
        if (killed) {
            engine.closeAsKilled();
        } else {
            engine.close();
        }
        alsoDying.run();
        List<Running<?>> old;
        synchronized (running) {
            old = new ArrayList<>(running);
            running.clear();
        }
        for (Running<?> r : old) {
            r.thread().interrupt();
            r.joinFailure();
        }
    }

    /** @return every record of the journal, in order (read as the command line reads a running journal) */
    List<JournalRecord> records() {
        List<JournalRecord> records = new ArrayList<>();
        JournalLog.scan(journal, (lsn, type, payload) -> records.add(RecordCodec.decode(type, payload)));
        return records;
    }

    /** @return the records of one type, in order */
    <R extends JournalRecord> List<R> records(Class<R> type) {
        return records().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        kill(() -> {}, false);
    }
}
