package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.io.KryoBufferUnderflowException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns whatever a Kryo walk threw into a {@link CodecException} with a one-line message that names the class and the
 * field path. Users see these messages in {@code lazarus show} and in the exception that fails their execution, so
 * they must say what failed and what to do, without a Kryo stack trace.
 */
final class Failures {

    private static final String TRACE_MARKER = "\nSerialization trace:";
    private static final int MAX_DETAIL = 400;

    private static final String PLAIN_DATA =
            "journaled values must be plain data (records, POJOs, collections, strings, " + "numbers, java.time)";

    private Failures() {}

    /** Translates a failure while encoding {@code value}. */
    static CodecException onEncode(Object value, Throwable thrown) {
        String root = value == null ? "null" : value.getClass().getName();
        if (tooDeep(thrown)) {
            // no field path: it would repeat the chain's field hundreds of times
            return CodecException.cannotSerialize(
                    root,
                    "cannot serialize a value of class " + root + ": its object graph is nested more than "
                            + ValueCodec.MAX_GRAPH_DEPTH + " levels deep (a long linked chain of objects?); journal"
                            + " it as a list, or journal an id",
                    thrown);
        }
        CodecFailure failure = find(thrown);
        List<String> trace = traceOf(thrown, failure);
        String path = path(simpleName(root), trace);
        if (failure != null) {
            String failed = failure.className;
            StringBuilder message = new StringBuilder("cannot serialize a value of class ").append(root);
            if (!trace.isEmpty()) {
                message.append(" (field ")
                        .append(path)
                        .append(": ")
                        .append(failed)
                        .append(')');
            } else if (failed != null && !failed.equals(root)) {
                message.append(" (it contains a ").append(failed).append(')');
            }
            message.append(": ").append(failure.detail);
            return CodecException.cannotSerialize(failed != null ? failed : root, message.toString(), thrown);
        }
        if (causedBy(thrown, StackOverflowError.class)) {
            return CodecException.cannotSerialize(
                    root,
                    "cannot serialize a value of class " + root + ": its object graph is "
                            + "nested too deeply for the stack (a very long linked chain?); " + PLAIN_DATA,
                    thrown);
        }
        String where = trace.isEmpty() ? "" : " (field " + path + ")";
        return CodecException.cannotSerialize(
                root,
                "cannot serialize a value of class " + root + where + ": " + oneLine(thrown) + "; " + PLAIN_DATA,
                thrown);
    }

    /** Translates a failure while decoding. */
    static CodecException onDecode(Throwable thrown) {
        CodecFailure failure = find(thrown);
        List<String> trace = traceOf(thrown, failure);
        String outermost = trace.isEmpty() ? null : classOf(trace.get(trace.size() - 1));
        // Only worth showing if it names a field: "ArrayList[]" alone says nothing the class name does not.
        boolean namesAField = trace.stream().anyMatch(entry -> !nameOf(entry).startsWith("["));
        String where = namesAField ? " (field " + path(simpleName(outermost), trace) + ")" : "";
        if (failure != null && failure.className != null) {
            return CodecException.cannotDeserialize(
                    failure.className,
                    "cannot deserialize a value of class " + failure.className + where + ": " + failure.detail,
                    thrown);
        }
        if (failure != null) {
            return CodecException.cannotDeserialize(
                    null, "cannot deserialize the value" + where + ": " + failure.detail, thrown);
        }
        if (causedBy(thrown, StackOverflowError.class)) {
            return CodecException.cannotDeserialize(
                    outermost,
                    "cannot deserialize the value" + where + ": it is nested too deeply for the stack (corrupt bytes?)",
                    thrown);
        }
        if (isUnderflow(thrown)) {
            return CodecException.cannotDeserialize(
                    outermost,
                    "cannot deserialize the value" + where
                            + ": the bytes are corrupt or truncated: they end in the middle of the value",
                    thrown);
        }
        return CodecException.cannotDeserialize(
                outermost,
                "cannot deserialize the value" + where + ": the bytes are corrupt, or a class changed incompatibly: "
                        + oneLine(thrown),
                thrown);
    }

    private static boolean isUnderflow(Throwable thrown) {
        return causedBy(thrown, KryoBufferUnderflowException.class);
    }

    /** Whether Kryo refused to go deeper than its maximum depth ({@link ValueCodec#MAX_GRAPH_DEPTH}). */
    private static boolean tooDeep(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof KryoException && String.valueOf(t.getMessage()).startsWith("Max depth exceeded")) {
                return true;
            }
        }
        return false;
    }

    /** Kryo wraps what it catches (a StackOverflowError, say) into a KryoException: look through the causes. */
    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static CodecFailure find(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof CodecFailure) {
                return (CodecFailure) t;
            }
        }
        return null;
    }

    /** All trace entries, innermost first: those our failure collected, then those of the Kryo exceptions that wrap it. */
    private static List<String> traceOf(Throwable thrown, CodecFailure failure) {
        List<String> entries = new ArrayList<>();
        if (failure != null) {
            entries.addAll(failure.trace());
        }
        List<Throwable> wrappers = new ArrayList<>();
        int depth = 0;
        for (Throwable t = thrown; t != null && t != failure && depth < 32; t = t.getCause(), depth++) {
            wrappers.add(t);
        }
        // Wrappers are listed outermost first; their traces are outer to the failure's.
        for (int i = wrappers.size() - 1; i >= 0; i--) {
            Throwable t = wrappers.get(i);
            if (t instanceof KryoException) {
                entries.addAll(parseTrace(t.getMessage()));
            }
        }
        return entries;
    }

    private static List<String> parseTrace(String message) {
        List<String> entries = new ArrayList<>();
        if (message == null) {
            return entries;
        }
        int at = message.indexOf(TRACE_MARKER);
        if (at < 0) {
            return entries;
        }
        for (String line : message.substring(at + TRACE_MARKER.length()).split("\n")) {
            if (!line.isBlank()) {
                entries.add(line.trim());
            }
        }
        return entries;
    }

    /** {@code Order.customer.socket} from entries {@code ["socket (Customer)", "customer (Order)"]} and root {@code Order}. */
    static String path(String rootSimpleName, List<String> innermostFirst) {
        StringBuilder path = new StringBuilder(rootSimpleName == null ? "?" : rootSimpleName);
        for (int i = innermostFirst.size() - 1; i >= 0; i--) {
            String name = nameOf(innermostFirst.get(i));
            if (!name.startsWith("[")) {
                path.append('.');
            }
            path.append(name);
        }
        return path.toString();
    }

    private static String nameOf(String entry) {
        int at = entry.lastIndexOf(" (");
        return at < 0 ? entry : entry.substring(0, at);
    }

    private static String classOf(String entry) {
        int at = entry.lastIndexOf(" (");
        return at < 0 || !entry.endsWith(")") ? null : entry.substring(at + 2, entry.length() - 1);
    }

    /** {@code Order$Line} from {@code com.acme.Order$Line}. */
    static String simpleName(String className) {
        if (className == null) {
            return null;
        }
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The deepest cause as {@code Class: message} on one line, without Kryo's trace, of bounded length. */
    static String oneLine(Throwable thrown) {
        Throwable root = thrown;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 32) {
            root = root.getCause();
        }
        String message = root instanceof KryoException ? baseMessage(root.getMessage()) : root.getMessage();
        String text = root.getClass().getName() + (message == null || message.isBlank() ? "" : ": " + message);
        text = text.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }

    private static String baseMessage(String message) {
        if (message == null) {
            return null;
        }
        int at = message.indexOf(TRACE_MARKER);
        return at < 0 ? message : message.substring(0, at);
    }
}
