package dev.lazarus.store.record;

/** A record whose payload does not decode: the journal was written by another format or is damaged. */
public final class RecordFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public RecordFormatException(String message) {
        super("LAZ-108: " + message);
    }
}
