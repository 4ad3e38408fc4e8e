package dev.lazarus.agent.internal.effect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.bridge.Dispatcher;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The woven entry hook, on every shape of method a boundary can have (reference, primitive and void results,
 * wide and narrow primitive parameters, static methods), in a class found through its supertype's class file:
 * the hook hands the receiver and the boxed arguments to the bridge, returns the engine's answer converted
 * back to the method's type, and runs the method as written when the answer is {@code PROCEED}.
 */
class BoundaryWeaverTest {
    private static final String BASE = "dev/lazarus/agent/internal/effect/WovenSampleBase";

    /** What the stub engine saw: boundary, receiver and arguments of each call. */
    private final List<Object[]> seen = new ArrayList<>();

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    private static EffectBoundary boundary(String id, String name, String descriptor) {
        return new EffectBoundary() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<WovenMethod> methods() {
                return List.of(new WovenMethod(Set.of(BASE), name, descriptor));
            }

            @Override
            public EffectRequest request(Object receiver, Object[] args) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Performed perform(Object receiver, Object[] args) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object answer(Object receiver, Object[] args, Object data) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final EffectCatalog CATALOG = new EffectCatalog(List.of(
            boundary("t:ask", "ask", "(Ljava/lang/String;)Ljava/lang/String;"),
            boundary("t:count", "count", "(JDI)I"),
            boundary("t:fire", "fire", "(I)V"),
            boundary("t:check", "check", "(Ljava/lang/String;)Z")));

    /** Installs an engine that answers each effect with {@code answers} (or PROCEED for {@code null}). */
    private void engineAnswering(BiFunction<String, Object[], Object> answers) {
        Dispatcher stub = (Dispatcher) Proxy.newProxyInstance(
                Dispatcher.class.getClassLoader(), new Class<?>[] {Dispatcher.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("effect")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    seen.add(args);
                    Object a = answers.apply((String) args[0], (Object[]) args[2]);
                    return a == null ? Bridge.PROCEED : a;
                });
        Bridge.install(stub);
    }

    private static Class<?> wovenSample() throws Exception {
        byte[] original;
        try (InputStream in = BoundaryWeaverTest.class.getResourceAsStream("WovenSample.class")) {
            original = in.readAllBytes();
        }
        ClassLoader parent = BoundaryWeaverTest.class.getClassLoader();
        byte[] woven = new BoundaryWeaver(CATALOG).weave(parent, original);
        assertNotNull(woven, "WovenSample extends the catalogued supertype and declares its methods");
        return new ClassLoader(parent) {
            {
                defineClass("dev.lazarus.agent.internal.effect.WovenSample", woven, 0, woven.length);
            }
        }.loadClass("dev.lazarus.agent.internal.effect.WovenSample");
    }

    private static Object call(Object target, Class<?> type, String name, Class<?>[] params, Object... args)
            throws Exception {
        Method m = type.getMethod(name, params);
        return m.invoke(target, args);
    }

    @Test
    void theEnginesAnswerIsReturnedInTheMethodsOwnType() throws Exception {
        engineAnswering((id, args) -> switch (id) {
            case "t:ask" -> "journaled " + args[0];
            case "t:count" -> 42;
            case "t:check" -> Boolean.TRUE;
            default -> "answered"; // fire: any answer but PROCEED means "do not run"
        });
        Class<?> type = wovenSample();
        Object sample = type.getDeclaredConstructor().newInstance();

        assertEquals("journaled q", call(sample, type, "ask", new Class<?>[] {String.class}, "q"));
        assertEquals(42, call(sample, type, "count", new Class<?>[] {long.class, double.class, int.class}, 7L, 2.5, 3));
        call(sample, type, "fire", new Class<?>[] {int.class}, 5);
        assertEquals(0, type.getField("fired").getInt(sample), "an answered void method did not run");
        assertEquals(true, call(null, type, "check", new Class<?>[] {String.class}, "s"));
        assertEquals("other x", call(sample, type, "other", new Class<?>[] {String.class}, "x"));

        assertEquals(4, seen.size(), "one effect per catalogued call, none for the other method");
        assertEquals("t:count", seen.get(1)[0]);
        assertEquals(sample, seen.get(1)[1], "the receiver");
        assertArrayEquals(new Object[] {7L, 2.5, 3}, (Object[]) seen.get(1)[2], "the arguments, boxed");
        assertNull(seen.get(3)[1], "a static method has no receiver");
    }

    @Test
    void proceedRunsTheMethodAsWritten() throws Exception {
        engineAnswering((id, args) -> null);
        Class<?> type = wovenSample();
        Object sample = type.getDeclaredConstructor().newInstance();

        assertEquals("live q", call(sample, type, "ask", new Class<?>[] {String.class}, "q"));
        assertEquals(-1, call(sample, type, "count", new Class<?>[] {long.class, double.class, int.class}, 1L, 1.0, 1));
        call(sample, type, "fire", new Class<?>[] {int.class}, 5);
        assertEquals(5, type.getField("fired").getInt(sample));
        assertEquals(false, call(null, type, "check", new Class<?>[] {String.class}, "s"));
    }

    @Test
    void withoutAnEngineTheMethodRunsAsWritten() throws Exception {
        Class<?> type = wovenSample();
        Object sample = type.getDeclaredConstructor().newInstance();
        assertEquals("live q", call(sample, type, "ask", new Class<?>[] {String.class}, "q"));
    }

    @Test
    void aClassOutsideTheCatalogIsLeftAsItIs() throws Exception {
        byte[] bytes;
        try (InputStream in = BoundaryWeaverTest.class.getResourceAsStream("WovenSampleBase.class")) {
            bytes = in.readAllBytes();
        }
        assertNull(new BoundaryWeaver(CATALOG).weave(getClass().getClassLoader(), bytes));
    }

    @Test
    void jdkClassesOutsideTheCatalogsPackagesAreNotLookedAt() throws Exception {
        byte[] bytes;
        try (InputStream in = BoundaryWeaverTest.class.getResourceAsStream("WovenSample.class")) {
            bytes = in.readAllBytes();
        }
        BoundaryWeaver weaver = new BoundaryWeaver(CATALOG);
        ClassLoader loader = getClass().getClassLoader();
        assertNull(weaver.weave(loader, "java/util/WovenSample", bytes), "a JDK class outside the catalog's packages");
        assertNull(weaver.weave(loader, "sun/misc/WovenSample", bytes));
        assertNotNull(
                weaver.weave(loader, "jdk/internal/net/http/WovenSample", bytes), "the java.net.http implementation");
        assertNotNull(weaver.weave(loader, "dev/lazarus/agent/internal/effect/WovenSample", bytes));
    }
}
