package dev.lazarus.agent.internal.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grammar of RFC 8259 and nothing more, for text that comes from outside the process (an operator's
 * {@code send-event}, a file in the journal's inbox). Every refusal is one {@link JsonException} naming
 * the offset of the first character that does not fit.
 *
 * <p>Where the RFC leaves the choice to the reader, this reader refuses (see the "JSON from outside the
 * process" section of docs/DECISIONS.md): a byte order mark, a string holding a lone surrogate, a name
 * that appears twice in one object, nesting deeper than {@link #MAX_DEPTH}, a number longer than
 * {@link #MAX_NUMBER_LENGTH} characters or whose exponent does not fit a {@link BigDecimal}. Numbers are
 * kept exact as {@link BigDecimal}; whether one fits the awaited type is {@link JsonBinder}'s question.
 */
final class JsonReader {
    /** Containers inside containers: an event payload needs a handful, and recursion must not overflow. */
    static final int MAX_DEPTH = 64;

    /** Characters of one number (the default of Jackson's {@code StreamReadConstraints}). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final String text;
    private final OffsetUnit unit;
    private int pos;

    /** How an offset is named in a message: a character of the text, or a byte of the file it was read from. */
    interface OffsetUnit {
        /** @return the words for the offset of character {@code index} of {@code text} */
        String name(String text, int index);
    }

    private JsonReader(String text, OffsetUnit unit) {
        this.text = text;
        this.unit = unit;
    }

    /** @return the value of {@code text}, which must hold exactly one JSON value */
    static Object read(String text, OffsetUnit unit) throws JsonException {
        JsonReader r = new JsonReader(text, unit);
        if (text.startsWith("\uFEFF")) {
            throw r.error("a byte order mark (U+FEFF) before the value; JSON text must not begin with one");
        }
        r.skipWhitespace();
        if (r.atEnd()) {
            throw r.error(text.isEmpty() ? "no value: the text is empty" : "no value: the text is only whitespace");
        }
        Object value = r.value(0);
        r.skipWhitespace();
        if (!r.atEnd()) {
            throw r.error("unexpected " + r.describeHere() + " after the value");
        }
        return value;
    }

    /** @return whether {@code s} is exactly one JSON number (what the writer may put out as it is) */
    static boolean isNumber(String s) {
        JsonReader r = new JsonReader(s, (t, i) -> "offset " + i);
        try {
            r.number();
            return r.atEnd();
        } catch (JsonException e) {
            return false;
        }
    }

    private Object value(int depth) throws JsonException {
        if (atEnd()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(enter(depth));
            case '[':
                return array(enter(depth));
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || isDigit(c)) {
                    return number();
                }
                if (text.startsWith("NaN", pos) || text.startsWith("Infinity", pos)) {
                    throw error("NaN and Infinity are not JSON numbers; send a string or null instead");
                }
                if (c == '.' || c == '+') {
                    throw error("a number starts with a digit or '-' (write 0.5, not .5 or +0.5)");
                }
                throw error("unexpected " + describeHere() + ", expected a value");
        }
    }

    private int enter(int depth) throws JsonException {
        if (depth + 1 > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        return depth + 1;
    }

    private Map<String, Object> object(int depth) throws JsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek('}')) {
            pos++;
            return map;
        }
        while (true) {
            if (!peek('"')) {
                throw error(
                        peek('}')
                                ? "a comma before '}'; JSON has no trailing commas"
                                : "expected a field name in double quotes" + found());
            }
            int nameAt = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (map.containsKey(name)) {
                // RFC 8259 leaves a repeated name to the reader; taking either value would let a payload say
                // two things at once (an approval both true and false), so it is refused.
                pos = nameAt;
                throw error("the name \"" + name + "\" appears twice in one object");
            }
            map.put(name, value(depth));
            skipWhitespace();
            if (peek(',')) {
                pos++;
                skipWhitespace();
                continue;
            }
            if (peek('}')) {
                pos++;
                return map;
            }
            throw error(atEnd() ? "unexpected end of input, expected ',' or '}'" : "expected ',' or '}'" + found());
        }
    }

    private List<Object> array(int depth) throws JsonException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek(']')) {
            pos++;
            return list;
        }
        while (true) {
            if (peek(']')) {
                throw error("a comma before ']'; JSON has no trailing commas");
            }
            list.add(value(depth));
            skipWhitespace();
            if (peek(',')) {
                pos++;
                skipWhitespace();
                continue;
            }
            if (peek(']')) {
                pos++;
                return list;
            }
            throw error(atEnd() ? "unexpected end of input, expected ',' or ']'" : "expected ',' or ']'" + found());
        }
    }

    /**
     * A string, which must be well-formed UTF-16 once its escapes are decoded: a surrogate that is not half
     * of a pair is no Unicode character, and would turn into '?' wherever the string is written as UTF-8.
     */
    private String string() throws JsonException {
        StringBuilder sb = new StringBuilder();
        int open = pos;
        pos++;
        int highAt = -1;
        while (!atEnd()) {
            int at = pos;
            char c = text.charAt(pos++);
            char unit;
            if (c == '"') {
                if (highAt >= 0) {
                    throw loneSurrogate(highAt, sb.charAt(sb.length() - 1));
                }
                return sb.toString();
            } else if (c == '\\') {
                unit = escape();
            } else if (c < 0x20) {
                pos = at;
                throw error("a control character " + codePoint(c) + " inside a string; write it as " + escapeFor(c));
            } else {
                unit = c;
            }
            if (highAt >= 0 && !Character.isLowSurrogate(unit)) {
                throw loneSurrogate(highAt, sb.charAt(sb.length() - 1));
            }
            if (highAt < 0 && Character.isLowSurrogate(unit)) {
                throw loneSurrogate(at, unit);
            }
            highAt = Character.isHighSurrogate(unit) ? at : -1;
            sb.append(unit);
        }
        pos = open;
        throw error("a string that is never closed");
    }

    private char escape() throws JsonException {
        if (atEnd()) {
            throw error("unexpected end of input after '\\'");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"':
            case '\\':
            case '/':
                return e;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = atEnd() ? -1 : hexDigit(text.charAt(pos));
                    if (digit < 0) {
                        throw error("\\u must be followed by four hexadecimal digits");
                    }
                    value = value * 16 + digit;
                    pos++;
                }
                return (char) value;
            default:
                pos--;
                throw error("\\" + (e < 0x20 || e > 0x7e ? codePoint(e) : String.valueOf(e))
                        + " is not an escape; JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        }
    }

    private JsonException loneSurrogate(int at, char unit) {
        pos = at;
        return error("a lone surrogate " + codePoint(unit) + " in a string; it is half of a character, not a"
                + " character (a pair is a high surrogate D800-DBFF followed by a low one DC00-DFFF)");
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, the only numbers JSON has. */
    private BigDecimal number() throws JsonException {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        if (atEnd() || !isDigit(text.charAt(pos))) {
            throw error("a digit must follow '-'");
        }
        if (text.charAt(pos) == '0') {
            pos++;
            if (!atEnd() && isDigit(text.charAt(pos))) {
                throw error("a number does not start with 0 unless it is 0 (write 1, not 01)");
            }
        } else {
            digits();
        }
        if (peek('.')) {
            pos++;
            if (atEnd() || !isDigit(text.charAt(pos))) {
                throw error("a digit must follow the decimal point (write 1.0 or 1, not 1.)");
            }
            digits();
        }
        if (peek('e') || peek('E')) {
            pos++;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (atEnd() || !isDigit(text.charAt(pos))) {
                throw error("a digit must follow the exponent's 'e'");
            }
            digits();
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            pos = start;
            throw error("a number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a number whose exponent is out of range");
        }
    }

    private void digits() {
        while (!atEnd() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describeHere() + ", expected a value (true, false and null are lower case)");
        }
        pos += word.length();
        return value;
    }

    /** Space, tab, line feed and carriage return; nothing else (no form feed, no Unicode spaces). */
    private void skipWhitespace() {
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) throws JsonException {
        if (!peek(c)) {
            throw error(atEnd() ? "unexpected end of input, expected '" + c + "'" : "expected '" + c + "'" + found());
        }
        pos++;
    }

    private String found() {
        return atEnd() ? "" : ", found " + describeHere();
    }

    private String describeHere() {
        int cp = text.codePointAt(pos);
        if (cp > 0x20 && cp < 0x7f) {
            return "'" + (char) cp + "'";
        }
        String name = codePoint(cp);
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                ? name + " (only space, tab, line feed and carriage return separate JSON tokens)"
                : name;
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    private static String escapeFor(char c) {
        switch (c) {
            case '\t':
                return "\\t";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            default:
                return String.format("\\u%04x", (int) c);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private JsonException error(String what) {
        return new JsonException("malformed JSON at " + unit.name(text, pos) + ": " + what);
    }
}
