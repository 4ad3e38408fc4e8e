package dev.lazarus.it.apps.loaders;

import dev.lazarus.it.apps.support.Ledger;

/**
 * The shop as a plain application, for the child-first launcher (one or two copies in one JVM): its
 * name is the name of the class loader that loaded it. {@code ShopApp first|second}, see {@link ShopRounds}.
 */
public final class ShopApp {
    private ShopApp() {}

    /** @param args the round: {@code first} or {@code second} */
    public static void main(String[] args) {
        String shop = ShopRounds.shopOf(ShopApp.class.getClassLoader());
        System.out.println("START " + shop + " pid=" + ProcessHandle.current().pid());
        OrderDesk desk = new OrderDesk(new Warehouse(Ledger.fromSystemProperty(), shop));
        ShopRounds.run(desk, shop, args[0]);
    }
}
