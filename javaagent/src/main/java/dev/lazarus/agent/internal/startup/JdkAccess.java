package dev.lazarus.agent.internal.startup;

import dev.lazarus.store.codec.ValueCodec;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the JDK packages the codec reflects into ({@link ValueCodec#modulePackagesToOpen()}) to the
 * agent's module, so users add no {@code --add-opens}. That module is the unnamed module of the agent's
 * own class loader, which defines the engine, the codec and Kryo and nothing of the application's: the
 * application, its libraries and every other module gain no access because the agent is attached (the
 * way JaCoCo's agent opens {@code java.lang} to its runtime alone).
 */
final class JdkAccess {
    private JdkAccess() {}

    static void openJdkPackages(Instrumentation inst, Module agent) {
        for (Map.Entry<String, List<String>> e :
                ValueCodec.modulePackagesToOpen().entrySet()) {
            Optional<Module> module = ModuleLayer.boot().findModule(e.getKey());
            if (module.isEmpty()) {
                continue; // not in this runtime image (a jlinked JRE without java.sql, say)
            }
            Map<String, Set<Module>> opens = new HashMap<>();
            for (String pkg : e.getValue()) {
                if (module.get().getPackages().contains(pkg)) {
                    opens.put(pkg, Set.of(agent));
                }
            }
            inst.redefineModule(module.get(), Set.of(), Map.of(), opens, Set.of(), Map.of());
        }
    }
}
