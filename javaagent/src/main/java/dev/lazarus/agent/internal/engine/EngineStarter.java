package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/** Opens the journal, rebuilds the executions it holds, gives up on poison ones, and makes the engine. */
public final class EngineStarter {
    private EngineStarter() {
    }

    /**
     * @param config the agent options
     * @param log the agent's logger
     * @return the running engine
     */
    public static Engine start(AgentConfig config, Logger log) {
        ValueCodec codec = ValueCodec.create();
        ExecutionIndex index = new ExecutionIndex();
        LogOptions options = LogOptions.defaults()
                .withDurability(Durability.valueOf(config.durability().toUpperCase(Locale.ROOT)));
        JournalLog journal = JournalLog.open(config.journal(), options,
                (lsn, type, payload) -> index.apply(RecordCodec.decode(type, payload)));
        journal.recovery().tornTail().ifPresent(torn -> log.warn("dropped the {}: a write the crash cut short; every"
                + " call whose record was complete is kept", torn));
        Recovery recovery = new Recovery(config.recover() == AgentConfig.Recovery.AUTO, EngineThreads.create(), log,
                codec);
        EventHub events = new EventHub();
        index.pendingEvents().forEach(events::publish);
        Engine engine = new Engine(journal, codec, index, recovery, events, log, config.trace());
        recovery.attach(engine);
        Inbox inbox = new Inbox(config.journal(), new Inbox.Sink() {
            @Override
            public boolean known(String eventId) {
                return index.hasEvent(eventId);
            }

            @Override
            public void accept(String eventId, String name, String key, String json, long sentAtMillis) {
                engine.receiveExternal(eventId, name, key, json, sentAtMillis);
            }

            @Override
            public void control(String command, String executionId) {
                if ("retry".equals(command)) {
                    engine.retry(executionId);
                } else if ("cancel".equals(command)) {
                    engine.cancel(executionId);
                } else {
                    log.warn("LAZ-503: unknown command '{}' in the inbox; ignored", command);
                }
            }
        }, log);
        inbox.ingest(); // before recovery: events, retries and cancels sent while the application was down count now
        List<ExecutionRecord> unfinished = index.unfinishedTopLevel();
        List<ExecutionRecord> resumable = new ArrayList<>();
        for (ExecutionRecord r : unfinished) {
            if (r.fruitlessRecoveries >= config.maxRecoveries()) {
                LazarusException poison = new LazarusException("LAZ-401", "execution " + r.id() + " of "
                        + r.started.durableName() + " was resumed " + r.fruitlessRecoveries + " times in a row and "
                        + "the process died each time before it made progress; it is marked FAILED (use 'retry' "
                        + "after fixing the cause)");
                engine.append(new ExecutionFinished(r.id(), ExecutionState.FAILED,
                        codec.encode(poison, EngineStarter.class.getClassLoader()), System.currentTimeMillis()));
                log.error("{}", poison.getMessage());
            } else {
                resumable.add(r);
            }
        }
        recovery.schedule(resumable);
        inbox.startPolling(200);
        log.info("journal {} (durability {}): {} unfinished execution(s) found{}", config.journal().toAbsolutePath()
                        .normalize(), config.durability(), resumable.size(),
                resumable.isEmpty() ? "" : config.recover() == AgentConfig.Recovery.AUTO
                        ? ", resumed when their classes load" : ", resumed when the application calls them (recover=manual)");
        return engine;
    }
}
