package dev.lazarus.agent.internal.startup;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.internal.config.AgentConfig;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.engine.Engine;
import dev.lazarus.agent.internal.engine.EngineStarter;
import dev.lazarus.agent.internal.instrumentation.ClassificationRules;
import dev.lazarus.agent.internal.instrumentation.DurableClassRewriter;
import dev.lazarus.agent.internal.logging.AgentLog;
import java.lang.instrument.Instrumentation;
import org.slf4j.Logger;

/**
 * Makes the engine, installs it in the bridge (on the bootstrap class path, where instrumented code of every
 * class loader reaches it), weaves the effect catalog's boundaries and installs the durable-class transformer.
 */
final class Installer {
    private Installer() {}

    static void install(AgentConfig config, Instrumentation inst) {
        Logger log = AgentLog.get();
        EffectCatalog catalog = EffectCatalog.standard();
        Engine engine = EngineStarter.start(config, log, catalog);
        Bridge.install(engine);
        BoundaryTransformer.install(catalog, inst, log);
        DurableClassRewriter rewriter =
                new DurableClassRewriter(ClassificationRules.of(config.journaled(), config.recomputed())
                        .withRetries(config.retries())
                        .withDurable(config.durable()));
        inst.addTransformer(new DurableTransformer(rewriter, ReportSink.of(config.report(), log), log));
    }
}
