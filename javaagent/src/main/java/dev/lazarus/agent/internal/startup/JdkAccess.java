package dev.lazarus.agent.internal.startup;

import dev.lazarus.store.codec.ValueCodec;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Opens the {@code java.base} packages the codec reflects into to the agent's module, so users add no
 * {@code --add-opens}. The agent's classes share the unnamed module of the system class loader with the
 * application's, so the application gains the same access; this is the price of not isolating the agent
 * in a class loader of its own.
 */
final class JdkAccess {
    private JdkAccess() {
    }

    static void openJavaBase(Instrumentation inst, Module agent) {
        Module base = Object.class.getModule();
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String pkg : ValueCodec.javaBasePackagesToOpen()) {
            if (base.getPackages().contains(pkg)) {
                opens.put(pkg, Set.of(agent));
            }
        }
        inst.redefineModule(base, Set.of(), Map.of(), opens, Set.of(), Map.of());
    }
}
