package dev.lazarus.agent.internal.instrumentation;

import java.util.ArrayList;
import java.util.List;

/**
 * For one instrumented class: every call site of its durable body with its classification and the
 * reason, in the order of the source. Printed by the agent when asked ({@code report=...}).
 */
public final class TransparencyReport {
    /** One call site. */
    public static final class Entry {
        private final String method;
        private final String location;
        private final String callee;
        private final CallKind kind;
        private final String reason;

        Entry(String method, String location, String callee, CallKind kind, String reason) {
            this.method = method;
            this.location = location;
            this.callee = callee;
            this.kind = kind;
            this.reason = reason;
        }

        /** @return the body method containing the call */
        public String method() {
            return method;
        }

        /** @return {@code File.java:42} */
        public String location() {
            return location;
        }

        /** @return {@code Owner.name} of the callee */
        public String callee() {
            return callee;
        }

        /** @return the classification */
        public CallKind kind() {
            return kind;
        }

        /** @return why */
        public String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return String.format("  %-28s %-16s %-50s %s", location, kind.label(), callee, reason);
        }
    }

    private final String className;
    private final List<String> durableMethods = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    TransparencyReport(String className) {
        this.className = className;
    }

    void durableMethod(String description) {
        durableMethods.add(description);
    }

    /** @return the class's durable methods, as {@code name(ParamTypes)} */
    List<String> durableMethods() {
        return List.copyOf(durableMethods);
    }

    void add(String method, String location, String callee, CallKind kind, String reason) {
        entries.add(new Entry(method, location, callee, kind, reason));
    }

    void warning(String warning) {
        warnings.add(warning);
    }

    /** @return what could not be made durable, each with file:line and what to do instead */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return the class, with dots */
    public String className() {
        return className;
    }

    /** @return the call sites */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** @return the report as text, one line a call site */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Lazarus transparency report for ").append(className).append('\n');
        for (String m : durableMethods) {
            sb.append("  @Durable ").append(m).append('\n');
        }
        String currentMethod = null;
        for (Entry e : entries) {
            if (!e.method.equals(currentMethod)) {
                currentMethod = e.method;
                sb.append(" in ").append(currentMethod).append(":\n");
            }
            sb.append(e).append('\n');
        }
        for (String w : warnings) {
            sb.append("  WARNING ").append(w).append('\n');
        }
        return sb.toString();
    }
}
