package dev.lazarus.agent.internal.json;

/** Malformed JSON, or JSON that does not fit a type: the message is one line that says where. */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what and where */
    public JsonException(String message) {
        super(message);
    }
}
