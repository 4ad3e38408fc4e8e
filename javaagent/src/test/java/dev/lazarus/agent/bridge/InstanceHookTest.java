package dev.lazarus.agent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The constructor hook of a class with durable instance methods reaches the engine only while recovery
 * waits for an instance of that class; otherwise its call site does nothing (and the JIT drops it).
 */
class InstanceHookTest {
    private static final MethodType HOOK = MethodType.methodType(void.class, Object.class);
    private final List<Object> created = new ArrayList<>();
    private final List<Class<?>> asked = new ArrayList<>();

    /** A dispatcher that answers {@code instanceAwaited} with the given switch point and records the rest. */
    private Dispatcher dispatcher(SwitchPoint awaited) {
        return (Dispatcher) Proxy.newProxyInstance(
                Dispatcher.class.getClassLoader(), new Class<?>[] {Dispatcher.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "instanceAwaited":
                            asked.add((Class<?>) args[0]);
                            return awaited;
                        case "instanceCreated":
                            assertSame(InstanceHookTest.class, args[1]);
                            created.add(args[0]);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static MethodHandle link() {
        CallSite site = Bridge.bootstrapInstanceCreated(MethodHandles.lookup(), "instanceCreated", HOOK);
        return site.dynamicInvoker();
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    @Test
    void aClassThatRecoveryDoesNotWaitForGetsAHookThatDoesNothing() throws Throwable {
        Bridge.install(dispatcher(null));
        MethodHandle hook = link();
        hook.invokeExact((Object) this);
        hook.invokeExact((Object) this);
        assertEquals(List.of(InstanceHookTest.class), asked, "asked once, when the site was linked");
        assertEquals(List.of(), created);
    }

    @Test
    void theHookReachesTheEngineUntilItsSwitchPointIsInvalidated() throws Throwable {
        SwitchPoint awaited = new SwitchPoint();
        Bridge.install(dispatcher(awaited));
        MethodHandle hook = link();
        hook.invokeExact((Object) this);
        assertEquals(List.of(this), created);
        SwitchPoint.invalidateAll(new SwitchPoint[] {awaited});
        hook.invokeExact((Object) this);
        hook.invokeExact((Object) this);
        assertEquals(List.of(this), created, "no call once recovery has its instance");
    }

    @Test
    void withoutAnEngineTheHookDoesNothing() throws Throwable {
        Bridge.install(null);
        link().invokeExact((Object) this);
        assertEquals(List.of(), created);
    }
}
