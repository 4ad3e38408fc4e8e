package dev.lazarus.agent.internal.json;

import java.util.List;
import java.util.Map;

/**
 * Writes the values {@link JsonReader} produces (and the maps, lists, numbers and strings the command
 * line builds) as JSON text that {@link JsonReader} reads back to an equal value. What has no JSON form
 * is refused with an {@link IllegalArgumentException} naming where it is in the value, never written as
 * something a reader would refuse or misread: a non-finite number ({@code NaN}, {@code Infinity}), a
 * number whose {@code toString()} is not a JSON number, and nesting deeper than the reader accepts (which
 * is also what a value that contains itself would do).
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();

    private JsonWriter() {}

    /** @return {@code value} as JSON text */
    static String write(Object value) {
        JsonWriter w = new JsonWriter();
        w.value(value, "$", 0);
        return w.out.toString();
    }

    private void value(Object value, String path, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote((String) value);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number) {
            number((Number) value, path);
        } else if (value instanceof Map) {
            enter(path, depth);
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                String name = String.valueOf(e.getKey());
                quote(name);
                out.append(':');
                value(e.getValue(), path + "." + name, depth + 1);
            }
            out.append('}');
        } else if (value instanceof List) {
            enter(path, depth);
            out.append('[');
            int i = 0;
            for (Object o : (List<?>) value) {
                if (i > 0) {
                    out.append(',');
                }
                value(o, path + "[" + i + "]", depth + 1);
                i++;
            }
            out.append(']');
        } else {
            quote(value.toString());
        }
    }

    private static void enter(String path, int depth) {
        if (depth + 1 > JsonReader.MAX_DEPTH) {
            throw new IllegalArgumentException("cannot write " + path + " as JSON: it is nested deeper than "
                    + JsonReader.MAX_DEPTH + " levels, which no reader here accepts (does the value contain itself?)");
        }
    }

    private void number(Number n, String path) {
        if ((n instanceof Double && !Double.isFinite(n.doubleValue()))
                || (n instanceof Float && !Float.isFinite(n.floatValue()))) {
            throw new IllegalArgumentException("cannot write " + path + " = " + n + " as JSON: JSON has no NaN or"
                    + " Infinity; write null, leave the field out, or send the word as a string (\"" + n + "\")");
        }
        String text = n.toString();
        if (!JsonReader.isNumber(text)) {
            throw new IllegalArgumentException(
                    "cannot write " + path + " as JSON: the " + n.getClass().getName() + " prints as \"" + text
                            + "\", which is not a JSON number; convert it to a BigDecimal first");
        }
        out.append(text);
    }

    /**
     * A string in double quotes. Control characters are escaped, as JSON requires; so is a lone surrogate,
     * which has no UTF-8 form (an encoder would write '?' in its place) and so is kept as {@code \}{@code uXXXX}.
     * The reader refuses such a string, as it refuses any text that is not Unicode: only an application's own
     * odd text (an execution key, say, in {@code list --json}) can carry one here.
     */
    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || isLone(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isLone(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
