package dev.lazarus.it.apps.loaders;

/** The application's own checked exception: the warehouse has nothing to reserve for the order. */
public class OutOfStockException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param order the order
     * @param attempt the warehouse's record of the attempt, which names the process that made it
     */
    public OutOfStockException(String order, String attempt) {
        super("no stock for " + order + " (" + attempt + ")");
    }
}
