package dev.lazarus.it.apps.golden;

/** An application exception: thrown by an outside call, recorded, and rethrown on replay. */
public class GoldenFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public GoldenFailure(String message) {
        super(message);
    }
}
