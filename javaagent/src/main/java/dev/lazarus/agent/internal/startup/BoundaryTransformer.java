package dev.lazarus.agent.internal.startup;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.internal.effect.BoundaryWeaver;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.effect.WovenMethod;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Weaves the effect catalog's entry hooks into every class that defines a catalogued method, whichever loader
 * defines it — the JDK's own (the {@code java.net.http} client is a platform class) as much as the
 * application's. A woven class calls {@code Bridge}, which is in the bootstrap loader's unnamed module; a class
 * in a named JDK module must be allowed to read that module first, which is granted here for the woven
 * class's module only.
 */
final class BoundaryTransformer implements ClassFileTransformer {
    private final BoundaryWeaver weaver;
    private final Instrumentation inst;
    private final Logger log;
    private final Module bridgeModule = Bridge.class.getModule();

    BoundaryTransformer(EffectCatalog catalog, Instrumentation inst, Logger log) {
        this.weaver = new BoundaryWeaver(catalog);
        this.inst = inst;
        this.log = log;
    }

    /**
     * Registers the transformer and weaves the catalogued classes the JVM has already loaded.
     *
     * @param catalog the boundaries
     * @param inst the instrumentation
     * @param log the agent's logger
     */
    static void install(EffectCatalog catalog, Instrumentation inst, Logger log) {
        BoundaryTransformer transformer = new BoundaryTransformer(catalog, inst, log);
        inst.addTransformer(transformer, true);
        List<Class<?>> loaded = new ArrayList<>();
        Set<String> supertypes = new HashSet<>();
        for (WovenMethod m : catalog.wovenMethods()) {
            supertypes.addAll(m.supertypes());
        }
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (inst.isModifiableClass(c) && definesCatalogued(c, supertypes)) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                log.warn(
                        "LAZ-011: could not weave effect boundaries into classes loaded before the agent: {}",
                        e.toString());
            }
        }
    }

    /** Whether a class extends or implements a type whose implementations the catalog weaves. */
    private static boolean definesCatalogued(Class<?> c, Set<String> supertypes) {
        if (c.isInterface() || c.isArray() || c.isPrimitive()) {
            return false;
        }
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            if (isNamed(s, supertypes) || implementsNamed(s, supertypes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNamed(Class<?> c, Set<String> internalNames) {
        return internalNames.contains(c.getName().replace('.', '/'));
    }

    private static boolean implementsNamed(Class<?> c, Set<String> internalNames) {
        for (Class<?> i : c.getInterfaces()) {
            if (isNamed(i, internalNames) || implementsNamed(i, internalNames)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] bytes) {
        if (className == null || className.startsWith("dev/lazarus/")) {
            return null;
        }
        try {
            byte[] woven = weaver.weave(loader, className, bytes);
            if (woven != null && module != null && module.isNamed() && !module.canRead(bridgeModule)) {
                inst.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
            }
            return woven;
        } catch (Throwable t) {
            log.error(
                    "LAZ-011: could not weave the effect boundary into {}: {}; its effects are NOT journaled",
                    className.replace('/', '.'),
                    t.toString());
            return null;
        }
    }
}
