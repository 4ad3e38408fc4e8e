package dev.lazarus.agent.internal.engine;

/**
 * Text from outside the process (an inbox file's name, an execution id or event key an inbox file holds) made
 * safe for one log line: whoever can drop a file into the inbox must not be able to start a forged log line
 * with a newline, hide text behind a carriage return or a bidirectional override, or send control sequences to
 * an operator's terminal. Every character that is not printable is written as {@code \}{@code uXXXX}, and a
 * backslash as two, so the escaped text names one file unambiguously.
 */
final class LogText {
    private LogText() {}

    /**
     * @param text any text, or {@code null}
     * @return the text with non-printable characters escaped ({@code "null"} for {@code null})
     */
    static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c != '\\' && printable(text, i);
            if (plain && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (plain) {
                out.append(c);
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** @return whether {@code text} holds nothing {@link #escape} would change */
    static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!printable(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        switch (Character.getType(c)) {
            case Character.CONTROL: // C0 and C1: newlines, carriage return, escape sequences
            case Character.FORMAT: // bidirectional overrides, zero-width characters
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.UNASSIGNED:
            case Character.PRIVATE_USE:
                return false;
            default:
                return true;
        }
    }
}
