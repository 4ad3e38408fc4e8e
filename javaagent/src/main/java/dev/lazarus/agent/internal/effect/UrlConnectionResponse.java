package dev.lazarus.agent.internal.effect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The response of one {@code HttpURLConnection} exchange, as journaled, with the JDK's own rules for reading it
 * (so that a getter answers from the journal what it would have answered from the network).
 *
 * @param status the status code ({@code -1} if the response was not valid HTTP)
 * @param fields the header fields in order, as {@code [key, value]}; the first is the status line, whose key is
 *     {@code null}
 * @param body the body's bytes: the input stream's, or the error stream's for an error status; {@code null} if
 *     the server sent none
 * @param failureClass for an error status, the class of the {@code IOException} {@code getInputStream} threw
 *     (a JDK class); otherwise {@code null}
 * @param failureMessage that exception's message
 */
record UrlConnectionResponse(
        int status, List<List<String>> fields, byte[] body, String failureClass, String failureMessage) {

    /** As {@code getHeaderField(int)}: the n-th field's value ({@code 0}: the status line), or {@code null}. */
    String field(int n) {
        return n >= 0 && n < fields.size() ? fields.get(n).get(1) : null;
    }

    /** As {@code getHeaderFieldKey(int)}: the n-th field's key ({@code null} for the status line), or {@code null}. */
    String fieldKey(int n) {
        return n >= 0 && n < fields.size() ? fields.get(n).get(0) : null;
    }

    /**
     * As {@code getHeaderField(String)}: the value of the last field of that name, compared ignoring case; a
     * {@code null} name finds the status line.
     */
    String field(String name) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            String key = fields.get(i).get(0);
            if (name == null ? key == null : name.equalsIgnoreCase(key)) {
                return fields.get(i).get(1);
            }
        }
        return null;
    }

    /**
     * As {@code getHeaderFields()}: an unmodifiable map of unmodifiable lists, built the way the JDK builds it
     * (fields taken from the last to the first, so repeated fields list their values last first; the status
     * line under the {@code null} key).
     */
    Map<String, List<String>> fieldMap() {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = fields.size() - 1; i >= 0; i--) {
            map.computeIfAbsent(fields.get(i).get(0), k -> new ArrayList<>())
                    .add(fields.get(i).get(1));
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(map);
    }

    /** @return a new instance of what {@code getInputStream} threw for an error status, or {@code null} */
    IOException failure() {
        if (failureClass == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(failureClass, false, null); // a java.base exception
            if (IOException.class.isAssignableFrom(type)) {
                return (IOException) type.getConstructor(String.class).newInstance(failureMessage);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not a JDK exception with a message constructor: fall back to the general kind
        }
        return new IOException(failureMessage);
    }
}
