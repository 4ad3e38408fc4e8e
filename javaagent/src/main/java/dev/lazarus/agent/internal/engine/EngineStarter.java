package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.retention.CompactionDaemon;
import dev.lazarus.agent.internal.retention.CompactionPlanner;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.DirectoryTrust;
import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogFileOpener;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.StoredRecord;
import dev.lazarus.store.record.RecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Opens the journal, rebuilds the executions it holds, journals the crashes the last process's activity board
 * attributes to them, gives up on poison ones, and makes the engine.
 */
public final class EngineStarter {
    /** How often the inbox is read for events and commands sent from the command line. */
    private static final long INBOX_POLL_MILLIS = 200;
    /**
     * How long start-up ingests the inbox before it lets {@code main} run and leaves the rest to the poller (1 s,
     * plus at most one file and one sync). Files are taken in name order, so operators' commands ({@code ctl-})
     * come before events ({@code ev-}); what is left over is taken within the next poll.
     */
    static final long START_UP_INGEST_NANOS = 1_000_000_000L;
    /** The least a compaction pass reads to weigh segments: a pass is worth its start-up cost. */
    private static final long MIN_COMPACTION_BUDGET = 16L << 20;

    private EngineStarter() {}

    /**
     * @param config the agent options
     * @param log the agent's logger
     * @return the running engine
     */
    public static Engine start(AgentConfig config, Logger log) {
        return start(config, log, EffectCatalog.standard());
    }

    /**
     * @param config the agent options
     * @param log the agent's logger
     * @param catalog the boundaries whose effects are journaled where they happen
     * @return the running engine
     */
    public static Engine start(AgentConfig config, Logger log, EffectCatalog catalog) {
        Engine engine = start(config, log, SystemClock.INSTANCE, catalog);
        // a process that stops gracefully (SIGTERM, System.exit, main returning) dies of nothing its executions did
        ActivityBoard board = engine.context().board();
        Runtime.getRuntime().addShutdownHook(new Thread(board::markClean, "lazarus-activity-board"));
        // and the next start reads the index from a checkpoint of this moment, scanning almost nothing
        Runtime.getRuntime().addShutdownHook(new Thread(engine::checkpointNow, "lazarus-index-checkpoint-at-exit"));
        SelfCheck selfCheck = engine.selfCheck();
        if (selfCheck != null) {
            // what was checked, once, when the process exits (each difference was reported when found)
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                if (selfCheck.failed() == 0) {
                                    log.info("{}", selfCheck.summary());
                                } else {
                                    log.error("{}", selfCheck.summary());
                                }
                            },
                            "lazarus-selfcheck-summary"));
        }
        return engine;
    }

    /**
     * The background compaction of a running application: forgets what {@code retention} expired and rewrites the
     * oldest sealed segments without it. A pass weighs up to sixteen segments (at least 16 MiB), and rewrites a
     * prefix only when that frees a quarter of a segment or more, so a journal with little to reclaim is not
     * rewritten over and over.
     */
    static CompactionDaemon compaction(
            AgentConfig config, JournalLog journal, ExecutionIndex index, EngineClock clock, Logger log) {
        long segment = config.segmentSize();
        return new CompactionDaemon(
                journal,
                index,
                index::forgetFinishedBefore,
                config.retentionMillis(),
                clock::currentTimeMillis,
                new CompactionPlanner(segment / 4),
                Math.max(16 * segment, MIN_COMPACTION_BUDGET),
                log);
    }

    /**
     * A pass every quarter of the retention, between 250 ms and a minute: bytes a short retention expired do not
     * wait long, and a long one is not checked more than once a minute.
     */
    static long compactionIntervalMillis(long retentionMillis) {
        return Math.max(250, Math.min(60_000, retentionMillis / 4));
    }

    /** How often the index's checkpoint is written while records are appended (and at a graceful stop). */
    static final long CHECKPOINT_INTERVAL_MILLIS = 30_000;

    private static Optional<IndexCheckpoint.Content> readCheckpoint(AgentConfig config, Logger log) {
        try {
            return IndexCheckpoint.read(config.journal());
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "LAZ-109: the index checkpoint in {} cannot be used ({}); scanning the whole journal instead",
                    config.journal(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether the journal holds the record the checkpoint ends with: the same payload at its lsn, or no record there
     * because compaction dropped it (only sealed segments are compacted, and what is sealed was durable).
     */
    private static boolean matches(IndexCheckpoint.Content c, JournalLog journal) {
        if (c.appliedLsn() > journal.lastLsn()) {
            return false;
        }
        Optional<StoredRecord> at = journal.read(c.appliedLsn());
        return at.isEmpty() || IndexCheckpointer.crcOf(at.get().payload()) == c.appliedCrc();
    }

    /** The engine on the given clock, with the standard catalog. */
    static Engine start(AgentConfig config, Logger log, EngineClock clock) {
        return start(config, log, clock, EffectCatalog.standard());
    }

    /**
     * @param config the agent options
     * @param log the agent's logger
     * @param clock where the engine takes time from
     * @param catalog the boundaries whose effects are journaled where they happen
     * @return the running engine
     */
    static Engine start(AgentConfig config, Logger log, EngineClock clock, EffectCatalog catalog) {
        return start(config, log, clock, catalog, LogFileOpener.standard());
    }

    /**
     * As {@link #start(AgentConfig, Logger, EngineClock, EffectCatalog)}, with the journal's files opened by
     * {@code files}: the store's seam, through which tests count the journal's writes and syncs.
     */
    static Engine start(AgentConfig config, Logger log, EngineClock clock, EffectCatalog catalog, LogFileOpener files) {
        ValueCodec codec = ValueCodec.create();
        LogOptions options = LogOptions.defaults()
                .withDurability(Durability.valueOf(config.durability().toUpperCase(Locale.ROOT)))
                .withSegmentSize(config.segmentSize())
                .withFileOpener(files);
        if (!config.acceptUntrustedJournal() && Files.isDirectory(config.journal())) {
            // before anything in it is read: a directory others can write may hold values made to run code
            DirectoryTrust.check(
                    config.journal(), "start with the agent option acceptUntrustedJournal=true to use it as it is");
        }
        Optional<IndexCheckpoint.Content> checkpoint = readCheckpoint(config, log);
        ExecutionIndex[] building = {new ExecutionIndex()};
        if (checkpoint.isPresent()) {
            try {
                building[0].restore(checkpoint.get());
            } catch (IOException e) {
                log.warn(
                        "LAZ-109: the index checkpoint in {} is damaged ({}); scanning the whole journal instead",
                        config.journal(),
                        e.getMessage());
                checkpoint = Optional.empty();
                building[0] = new ExecutionIndex();
            }
        }
        JournalLog journal = JournalLog.open(
                config.journal(),
                options,
                checkpoint.map(IndexCheckpoint.Content::scanFrom).orElse(0L),
                (lsn, type, payload) -> building[0].apply(RecordCodec.decode(type, payload), lsn));
        if (checkpoint.isPresent() && !matches(checkpoint.get(), journal)) {
            log.warn(
                    "LAZ-109: the index checkpoint in {} covers records up to lsn {} that this journal does not hold"
                            + " (a restored backup, or a tail a power cut took); scanning the whole journal instead",
                    config.journal(),
                    checkpoint.get().appliedLsn());
            building[0] = new ExecutionIndex();
            journal.scanFrom(1, (lsn, type, payload) -> building[0].apply(RecordCodec.decode(type, payload), lsn));
            checkpoint = Optional.empty();
        }
        ExecutionIndex index = building[0];
        index.forgetFinishedBefore(clock.currentTimeMillis() - config.retentionMillis()); // a checkpoint's old rows
        index.readRecordsWith(lsn -> journal.read(lsn)
                .map(stored -> RecordCodec.decode(stored.type(), stored.payload()))
                .orElse(null));
        journal.recovery()
                .tornTail()
                .ifPresent(torn -> log.warn(
                        "dropped the {}: a write the crash cut short; every"
                                + " call whose record was complete is kept",
                        torn));
        // what the last process was doing when it stopped, read before this process's board takes the file over
        LeftBoard left = LeftBoard.read(config.journal());
        ActivityBoard board = ActivityBoard.open(config.journal(), log);
        EventHub events = new EventHub(clock);
        index.pendingEvents().forEach(events::publish);
        EngineContext context = new EngineContext(journal, index, codec, clock, log, config.trace(), board);
        journal.onAppend(context::appended); // before anything of this process is appended
        Engine engine = new Engine(
                context,
                events,
                config.recover() == AgentConfig.Recovery.AUTO,
                EngineThreads.create(),
                catalog,
                config.selfCheck());
        PoisonCheck poison = new PoisonCheck(engine.context(), engine.outcomes(), config.maxRecoveries());
        poison.recordCrashes(left); // the last process's death first: it happened before anything sent since
        Inbox inbox = new Inbox(config.journal(), engine.inboxSink(), log, clock);
        // before recovery: events, retries and cancels sent while the application was down count now; a backlog
        // larger than the start-up budget is left to the poller, which starts below
        if (!inbox.ingest(START_UP_INGEST_NANOS)) {
            log.info(
                    "the event inbox holds more than start-up takes in {} ms; the rest is taken in the background",
                    START_UP_INGEST_NANOS / 1_000_000);
        }
        List<ExecutionRecord> resumable = poison.giveUpPoison(index.unfinishedTopLevel());
        engine.recovery().schedule(resumable);
        inbox.startPolling(INBOX_POLL_MILLIS);
        engine.polls(inbox);
        IndexCheckpointer checkpoints = new IndexCheckpointer(
                journal,
                index,
                log,
                checkpoint.map(IndexCheckpoint.Content::appliedLsn).orElse(0L));
        checkpoints.start(CHECKPOINT_INTERVAL_MILLIS);
        engine.checkpoints(checkpoints);
        CompactionDaemon compaction = compaction(config, journal, index, clock, log);
        compaction.start(compactionIntervalMillis(config.retentionMillis()));
        engine.compacts(compaction);
        log.info(
                "journal {} (durability {}): {} unfinished execution(s) found{}",
                config.journal().toAbsolutePath().normalize(),
                config.durability(),
                resumable.size(),
                resumable.isEmpty()
                        ? ""
                        : config.recover() == AgentConfig.Recovery.AUTO
                                ? ", resumed when their classes load"
                                : ", resumed when the application calls them (recover=manual)");
        return engine;
    }
}
