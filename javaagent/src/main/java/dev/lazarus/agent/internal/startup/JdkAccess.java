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
 * agent's module, so users add no {@code --add-opens}. The agent's classes share the unnamed module of
 * the system class loader with the application's, so the application gains the same access; this is
 * the price of not isolating the agent in a class loader of its own.
 */
final class JdkAccess {
    private JdkAccess() {
    }

    static void openJdkPackages(Instrumentation inst, Module agent) {
        for (Map.Entry<String, List<String>> e : ValueCodec.modulePackagesToOpen().entrySet()) {
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
