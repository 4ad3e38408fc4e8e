package dev.lazarus.bench.harness.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A Markdown template from this package's resources, in a small subset of Mustache: {@code {{name}}} is a
 * value, {@code {{#name}}…{{/name}}} is rendered once for a true value, a non-empty string or a map (which
 * then comes first in name lookups) and once per element of a list, {@code {{^name}}…{{/name}}} only where
 * {@code #} would render nothing, and {@code {{>other}}} renders the template {@code other.md} here. A tag
 * alone on its line takes the line's end with it, so conditional blocks add no blank lines.
 *
 * <p>A name that no context defines is an error, never an empty string: a template cannot leave a
 * placeholder unfilled, nor refer to a value that the view stopped providing. Nothing is escaped (the
 * output is Markdown; the views format every value).
 */
final class Template {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** @return the template {@code name.md} next to this class */
    static Template load(String name) {
        try (InputStream in = Template.class.getResourceAsStream(name + ".md")) {
            if (in == null) {
                throw new IllegalArgumentException("no report template " + name + ".md");
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the text with every tag replaced from {@code context} */
    String render(Map<String, ?> context) {
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(context);
        StringBuilder out = new StringBuilder();
        render(0, text.length(), stack, out);
        return out.toString();
    }

    private void render(int from, int to, Deque<Object> stack, StringBuilder out) {
        int pos = from;
        while (pos < to) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0 || open >= to) {
                out.append(text, pos, to);
                return;
            }
            int close = text.indexOf(CLOSE, open);
            if (close < 0 || close >= to) {
                throw error(open, "a tag that is never closed");
            }
            String tag = text.substring(open + OPEN.length(), close).trim();
            int after = close + CLOSE.length();
            boolean standalone = tag.length() > 0 && "#^/>".indexOf(tag.charAt(0)) >= 0 && standalone(open, after);
            int textEnd = standalone ? Math.max(pos, lineStart(open)) : open;
            out.append(text, pos, textEnd);
            int next = standalone ? lineEnd(after) : after;
            char kind = tag.isEmpty() ? ' ' : tag.charAt(0);
            if (kind == '#' || kind == '^') {
                String key = tag.substring(1).trim();
                int[] end = findClose(key, next, to);
                Object value = lookup(key, stack, open);
                if (kind == '#') {
                    section(value, next, end[0], stack, out);
                } else if (!truthy(value)) {
                    render(next, end[0], stack, out);
                }
                pos = end[1];
            } else if (kind == '/') {
                throw error(open, "{{" + tag + "}} closes no section");
            } else if (kind == '>') {
                out.append(Template.load(tag.substring(1).trim()).renderIn(stack));
                pos = next;
            } else {
                Object value = lookup(tag, stack, open);
                if (value == null) {
                    throw error(open, "{{" + tag + "}} is null");
                }
                out.append(value);
                pos = next;
            }
        }
    }

    private String renderIn(Deque<Object> stack) {
        StringBuilder out = new StringBuilder();
        render(0, text.length(), new ArrayDeque<>(stack), out);
        return out.toString();
    }

    private void section(Object value, int from, int to, Deque<Object> stack, StringBuilder out) {
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                stack.push(item);
                render(from, to, stack, out);
                stack.pop();
            }
        } else if (truthy(value)) {
            stack.push(value);
            render(from, to, stack, out);
            stack.pop();
        }
    }

    private static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof List) {
            return !((List<?>) value).isEmpty();
        }
        return !(value instanceof String) || !((String) value).isEmpty();
    }

    /** @return the start of the section's closing tag and the position after it (after its line, if alone) */
    private int[] findClose(String key, int from, int to) {
        int depth = 0;
        int pos = from;
        while (true) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0 || open >= to) {
                throw error(from, "{{#" + key + "}} is never closed");
            }
            int close = text.indexOf(CLOSE, open);
            String tag = text.substring(open + OPEN.length(), close).trim();
            int after = close + CLOSE.length();
            if ((tag.startsWith("#") || tag.startsWith("^"))
                    && tag.substring(1).trim().equals(key)) {
                depth++;
            } else if (tag.startsWith("/") && tag.substring(1).trim().equals(key)) {
                if (depth == 0) {
                    return standalone(open, after)
                            ? new int[] {lineStart(open), lineEnd(after)}
                            : new int[] {open, after};
                }
                depth--;
            }
            pos = after;
        }
    }

    /** A name, or a dotted path whose first name is looked up in the contexts and the rest in the maps it leads to. */
    private Object lookup(String key, Deque<Object> stack, int at) {
        String[] path = key.split("\\.");
        for (Object context : stack) {
            if (context instanceof Map && ((Map<?, ?>) context).containsKey(path[0])) {
                Object value = ((Map<?, ?>) context).get(path[0]);
                for (int i = 1; i < path.length; i++) {
                    if (!(value instanceof Map) || !((Map<?, ?>) value).containsKey(path[i])) {
                        throw error(at, "{{" + key + "}} is not a value of this report");
                    }
                    value = ((Map<?, ?>) value).get(path[i]);
                }
                return value;
            }
        }
        throw error(at, "{{" + key + "}} is not a value of this report");
    }

    /** Whether only blanks stand between the tag and the ends of its line. */
    private boolean standalone(int open, int after) {
        return text.substring(lineStart(open), open).isBlank()
                && text.substring(after, lineEnd(after)).isBlank();
    }

    private int lineStart(int pos) {
        return text.lastIndexOf('\n', pos - 1) + 1;
    }

    /** The position after the line's end (its newline included). */
    private int lineEnd(int pos) {
        int nl = text.indexOf('\n', pos);
        return nl < 0 ? text.length() : nl + 1;
    }

    private IllegalStateException error(int pos, String what) {
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalStateException("report template " + name + ".md:" + line + ": " + what);
    }
}
