package dev.lazarus.it.apps.failures;

/** A checked exception a payment callee throws; an explicit-key execution that ends with it is replayed. */
public class DeclinedException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeclinedException(String message) {
        super(message);
    }
}
