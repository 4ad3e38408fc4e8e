package dev.lazarus.agent.cli;

/** A bad argument or a condition the user can fix: printed as one line, exit code 2. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
