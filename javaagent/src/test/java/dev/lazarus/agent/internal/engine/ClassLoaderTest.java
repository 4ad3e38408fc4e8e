package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.engine.fixtures.OutOfStock;
import dev.lazarus.agent.internal.engine.fixtures.Receipt;
import dev.lazarus.agent.internal.engine.fixtures.Shop;
import dev.lazarus.store.record.ExecutionStarted;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Values are decoded in the loader of the durable method's class, which is the only one that sees the
 * application's own types when the application has a loader of its own (Spring Boot, servlet containers);
 * and executions belong to the application (the name of that loader) that started them.
 */
class ClassLoaderTest extends EngineTestBase {

    /** One application: its own copy of the shop and of its types, in a loader with the application's name. */
    private final class Application {
        final NamedLoader loader;
        final Class<?> shopClass;
        final Object shop;
        private final Map<String, TestDurable> durables = new HashMap<>();

        Application(String name) throws ReflectiveOperationException {
            loader = new NamedLoader(name, Shop.class, Receipt.class, OutOfStock.class);
            shopClass = loader.loadClass(Shop.class.getName());
            MethodHandle entry = MethodHandles.lookup()
                    .findVirtual(
                            Application.class,
                            "enter",
                            MethodType.methodType(Object.class, String.class, Object.class, Object[].class))
                    .bindTo(this);
            Supplier<Dispatcher> engine = h::engine;
            shop = shopClass.getConstructor(Supplier.class, MethodHandle.class).newInstance(engine, entry);
        }

        /** The entry of the shop's durable methods: the order id is the explicit key. */
        Object enter(String method, Object receiver, Object[] args) throws Throwable {
            return durables.computeIfAbsent(method, m -> TestDurable.of(shopClass, m, 0))
                    .call(h.engine(), receiver, args);
        }

        /** Calls a method of the shop as the application does. */
        Object call(String method, String orderId) throws Throwable {
            return shopClass.getMethod(method, String.class).invoke(shop, orderId);
        }

        Object callUnwrapped(String method, String orderId) throws Throwable {
            try {
                return call(method, orderId);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static String field(Object record, String name) throws ReflectiveOperationException {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                c.getAccessor().setAccessible(true);
                return (String) c.getAccessor().invoke(record);
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void anExplicitKeysRecordedResultIsDecodedInTheApplicationsOwnLoader() throws Throwable {
        Application shop = new Application("shop");
        Object first = shop.callUnwrapped("buy", "o-1");
        h.restart();

        Object answered = shop.callUnwrapped("buy", "o-1");

        assertSame(
                shop.loader,
                answered.getClass().getClassLoader(),
                "the application's Receipt, not one the system class loader found");
        assertEquals(first, answered);
    }

    @Test
    void anExplicitKeysRecordedExceptionIsRebuiltAsTheApplicationsOwnClass() throws Throwable {
        Application shop = new Application("shop");
        Throwable first = assertThrows(Throwable.class, () -> shop.callUnwrapped("buy", "none-1"));
        assertSame(shop.loader, first.getClass().getClassLoader());
        h.restart();

        Throwable again = assertThrows(Throwable.class, () -> shop.callUnwrapped("buy", "none-1"));

        assertSame(shop.loader, again.getClass().getClassLoader());
        assertEquals(OutOfStock.class.getName(), again.getClass().getName());
        assertEquals(first.getMessage(), again.getMessage());
    }

    @Test
    void anEventPayloadIsDecodedInTheWaitingApplicationsLoaderLiveAndOnReplay() throws Throwable {
        Application shop = new Application("shop");
        Running<Object> waiting = h.start(() -> shop.callUnwrapped("awaitDelivery", "o-1"));
        h.clock.awaitWaiting(waiting.thread());
        shop.callUnwrapped("deliver", "o-1");
        Object delivered = waiting.join();
        assertSame(shop.loader, delivered.getClass().getClassLoader());
        h.restart();

        Object answered = shop.callUnwrapped("awaitDelivery", "o-1");

        assertSame(shop.loader, answered.getClass().getClassLoader());
        assertEquals(delivered, answered);
    }

    @Test
    void twoApplicationsWithTheSameClassesNeverShareAnExecution() throws Throwable {
        Application a = new Application("app-a");
        Application b = new Application("app-b");

        Object ofA = a.callUnwrapped("buy", "o-1");
        Object ofB = b.callUnwrapped("buy", "o-1");

        assertEquals("app-a", field(ofA, "application"));
        assertEquals("app-b", field(ofB, "application"), "b ran its own execution, not a's recorded one");
        List<String> applications = h.records(ExecutionStarted.class).stream()
                .map(ExecutionStarted::application)
                .collect(Collectors.toList());
        assertEquals(List.of("app-a", "app-b"), applications, "each execution records its application");

        h.restart();
        assertEquals("app-a", field(a.callUnwrapped("buy", "o-1"), "application"));
        assertEquals("app-b", field(b.callUnwrapped("buy", "o-1"), "application"));
        assertEquals(2, h.records(ExecutionStarted.class).size(), "both answered from the journal");
    }

    @Test
    void theDefaultApplicationRecordsNoName() throws Throwable {
        Shop shop = new Shop(
                h::engine,
                MethodHandles.lookup()
                        .findVirtual(
                                ClassLoaderTest.class,
                                "enterDefault",
                                MethodType.methodType(Object.class, String.class, Object.class, Object[].class))
                        .bindTo(this));
        shop.buy("o-1");
        assertEquals("", h.records(ExecutionStarted.class).get(0).application());
    }

    private Object enterDefault(String method, Object receiver, Object[] args) throws Throwable {
        return TestDurable.of(Shop.class, method, 0).call(h.engine(), receiver, args);
    }
}
