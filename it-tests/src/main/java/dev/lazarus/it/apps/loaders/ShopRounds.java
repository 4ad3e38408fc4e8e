package dev.lazarus.it.apps.loaders;

import dev.lazarus.Lazarus;

/**
 * What the shop does in each process of the class-loader scenarios, whichever launcher started it.
 * Every call prints {@code OUTCOME <shop> <label> value <result>} or
 * {@code OUTCOME <shop> <label> threw <class>: <message>}.
 * <ul>
 *   <li>{@code first}: prints {@code LOADER <shop> <class of the application's loader>} and
 *       {@code SYSTEM-LOADER-SEES-APP <shop> <true|false>}; sends itself the approval of {@link #DONE} and
 *       fulfils it; fulfils {@link #OUT_OF_STOCK} (which throws); fulfils {@link #IN_FLIGHT}, whose approval
 *       the test sends from the command line and where the test kills the process (at its shipping).</li>
 *   <li>{@code second} (the restarted process): fulfils {@link #IN_FLIGHT} (resumed), then
 *       {@link #IN_FLIGHT} again, {@link #OUT_OF_STOCK} and {@link #DONE}, each of which must answer from the
 *       journal without running.</li>
 * </ul>
 */
public final class ShopRounds {
    /** The order the first process finishes. */
    public static final String DONE = "order-0";
    /** The order whose reservation throws {@link OutOfStockException}. */
    public static final String OUT_OF_STOCK = Warehouse.OUT_OF_STOCK_PREFIX + "2";
    /** The order the first process is killed in. */
    public static final String IN_FLIGHT = "order-1";
    /** The name a shop takes when its class loader has none. */
    public static final String UNNAMED = "unnamed";

    private ShopRounds() {}

    /**
     * @param loader the application's class loader
     * @return its name (a servlet container names it after the application), or {@value #UNNAMED}
     */
    public static String shopOf(ClassLoader loader) {
        String name = loader.getName();
        return name == null || name.isEmpty() ? UNNAMED : name;
    }

    /**
     * Runs one round.
     *
     * @param desk the shop's durable object
     * @param shop the shop's name
     * @param round {@code first} or {@code second}
     */
    public static void run(OrderDesk desk, String shop, String round) {
        switch (round) {
            case "first" -> {
                ClassLoader loader = OrderDesk.class.getClassLoader();
                System.out.println("LOADER " + shop + " " + loader.getClass().getName());
                System.out.println("SYSTEM-LOADER-SEES-APP " + shop + " " + systemLoaderSees(Receipt.class));
                Lazarus.sendEvent("approval", shop + "/" + DONE, new Decision(true, shop + "-itself"));
                print(shop, DONE, desk);
                print(shop, OUT_OF_STOCK, desk);
                print(shop, IN_FLIGHT, desk);
            }
            case "second" -> {
                print(shop, IN_FLIGHT, desk);
                print(shop, IN_FLIGHT + "-again", IN_FLIGHT, desk);
                print(shop, OUT_OF_STOCK, desk);
                print(shop, DONE, desk);
            }
            default -> throw new IllegalArgumentException("round must be first or second, not " + round);
        }
        System.out.println("END " + shop);
    }

    private static void print(String shop, String order, OrderDesk desk) {
        print(shop, order, order, desk);
    }

    private static void print(String shop, String label, String order, OrderDesk desk) {
        String outcome;
        try {
            outcome = "value " + desk.fulfil(order);
        } catch (Exception e) {
            outcome = "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
        System.out.println("OUTCOME " + shop + " " + label + " " + outcome);
    }

    /** Whether the JVM's class path can see the application's classes: in these scenarios it must not. */
    private static boolean systemLoaderSees(Class<?> type) {
        try {
            Class.forName(type.getName(), false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
