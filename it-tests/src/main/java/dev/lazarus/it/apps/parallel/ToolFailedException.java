package dev.lazarus.it.apps.parallel;

/** A tool server answered a lookup with an error status; the message carries what the server said. */
public final class ToolFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param topic the topic looked up
     * @param status the HTTP status
     * @param body the server's answer
     */
    public ToolFailedException(String topic, int status, String body) {
        super("lookup of " + topic + " failed with " + status + ": " + body);
    }
}
