package dev.lazarus.it.apps.isolation;

import dev.lazarus.Durable;
import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Gate;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an application can see of the agent attached to its JVM. {@code probe} prints, one line each,
 * every engine class it can load, every JDK package open to it, and whether it can reflect into JDK
 * internals; then it runs a durable execution whose journaled values need exactly that reflection (a
 * UUID, an atomic, an immutable list, a concurrent map), which the agent's codec must still take apart
 * and rebuild on its own (kill it at {@code it.blockAt=gate:values} and run it again to replay them). {@code hang} starts an execution and blocks inside it (run it with {@code it.blockAt=gate:inside}), to be
 * killed.
 */
public final class IsolationApp {
    /** Classes of the engine and of the libraries it bundles, by the names they have in the agent jar. */
    static final List<String> ENGINE_CLASSES = List.of(
            "dev.lazarus.agent.internal.engine.Engine",
            "dev.lazarus.agent.internal.startup.AgentStarter",
            "dev.lazarus.store.codec.ValueCodec",
            "dev.lazarus.store.log.JournalLog",
            "dev.lazarus.agent.shaded.esotericsoftware.kryo.kryo5.Kryo",
            "dev.lazarus.agent.shaded.asm.ClassReader",
            "dev.lazarus.agent.shaded.slf4j.LoggerFactory");

    private final Gate gate = new Gate();
    private final Values values = new Values();

    public static void main(String[] args) throws Exception {
        IsolationApp app = new IsolationApp();
        if (args[0].equals("probe")) {
            probe();
            System.out.println("durable " + app.journalValues("probe"));
        } else {
            app.hang("killed");
        }
    }

    private static void probe() {
        ClassLoader app = IsolationApp.class.getClassLoader();
        for (String name : ENGINE_CLASSES) {
            for (ClassLoader loader : new ClassLoader[] {app, null}) {
                try {
                    Class.forName(name, false, loader);
                    System.out.println("visible " + name + " from " + (loader == null ? "bootstrap" : "application"));
                } catch (ClassNotFoundException expected) {
                    // what isolation means
                }
            }
            String resource = name.replace('.', '/') + ".class";
            if (app.getResource(resource) != null) {
                System.out.println("resource " + resource);
            }
        }
        Module mine = IsolationApp.class.getModule();
        int checked = 0;
        for (String moduleName : List.of("java.base", "java.sql", "java.net.http")) {
            Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
            if (module.isEmpty()) {
                continue;
            }
            for (String pkg : new TreeSet<>(module.get().getPackages())) {
                checked++;
                if (module.get().isOpen(pkg, mine)) {
                    System.out.println("open " + moduleName + "/" + pkg);
                }
            }
        }
        System.out.println("packages checked " + checked);
        reflect(String.class, "value");
        reflect(UUID.class, "mostSigBits");
        reflect(ConcurrentHashMap.class, "table");
        System.out.println("api loader "
                + (Lazarus.class.getClassLoader() == null
                        ? "bootstrap"
                        : Lazarus.class.getClassLoader().getName()));
    }

    private static void reflect(Class<?> type, String field) {
        try {
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            System.out.println("reflect " + type.getName() + "." + field + " allowed");
        } catch (InaccessibleObjectException e) {
            System.out.println("reflect " + type.getName() + "." + field + " denied");
        } catch (NoSuchFieldException e) {
            System.out.println("reflect " + type.getName() + "." + field + " missing");
        }
    }

    /** The values come back from the journal on replay, so the codec must take them apart and rebuild them. */
    @Durable
    String journalValues(String run) {
        UUID id = values.id(run);
        AtomicInteger count = values.counter(run);
        List<String> names = values.names(run);
        Map<String, Integer> sizes = values.sizes(run);
        gate.pass("values");
        System.out.println("in execution " + (Lazarus.executionId() != null));
        return id + " " + count.get() + " " + names + " " + new java.util.TreeMap<>(sizes);
    }

    @Durable
    String hang(String run) {
        values.id(run);
        gate.pass("inside");
        return run;
    }

    /** A service held in a field: its calls are journaled. */
    static final class Values {
        UUID id(String run) {
            return UUID.nameUUIDFromBytes(run.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        AtomicInteger counter(String run) {
            return new AtomicInteger(run.length());
        }

        List<String> names(String run) {
            return List.of(run, "b", "c");
        }

        Map<String, Integer> sizes(String run) {
            Map<String, Integer> m = new ConcurrentHashMap<>();
            m.put(run, run.length());
            return m;
        }
    }
}
