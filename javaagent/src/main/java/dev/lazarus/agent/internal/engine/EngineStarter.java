package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/** Opens the journal, rebuilds the executions it holds, gives up on poison ones, and makes the engine. */
public final class EngineStarter {
    /** How often the inbox is read for events and commands sent from the command line. */
    private static final long INBOX_POLL_MILLIS = 200;

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
        ValueCodec codec = ValueCodec.create();
        ExecutionIndex index = new ExecutionIndex();
        LogOptions options = LogOptions.defaults()
                .withDurability(Durability.valueOf(config.durability().toUpperCase(Locale.ROOT)));
        JournalLog journal = JournalLog.open(
                config.journal(), options, (lsn, type, payload) -> index.apply(RecordCodec.decode(type, payload)));
        journal.recovery()
                .tornTail()
                .ifPresent(torn -> log.warn(
                        "dropped the {}: a write the crash cut short; every"
                                + " call whose record was complete is kept",
                        torn));
        EventHub events = new EventHub(clock);
        index.pendingEvents().forEach(events::publish);
        Engine engine = new Engine(
                new EngineContext(journal, index, codec, clock, log, config.trace()),
                events,
                config.recover() == AgentConfig.Recovery.AUTO,
                EngineThreads.create(),
                catalog,
                config.selfCheck());
        Inbox inbox = new Inbox(config.journal(), engine.inboxSink(), log, clock);
        inbox.ingest(); // before recovery: events, retries and cancels sent while the application was down count now
        List<ExecutionRecord> resumable = new ArrayList<>();
        for (ExecutionRecord r : index.unfinishedTopLevel()) {
            if (r.fruitlessRecoveries >= config.maxRecoveries()) {
                LazarusException poison = new LazarusException(
                        "LAZ-401",
                        "execution " + r.id() + " of "
                                + r.started.durableName() + " was resumed " + r.fruitlessRecoveries
                                + " times in a row and "
                                + "the process died each time before it made progress; it is marked FAILED (use 'retry' "
                                + "after fixing the cause)");
                engine.outcomes().fail(r.id(), poison);
                log.error("{}", poison.getMessage());
            } else {
                resumable.add(r);
            }
        }
        engine.recovery().schedule(resumable);
        inbox.startPolling(INBOX_POLL_MILLIS);
        engine.polls(inbox);
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
