package dev.lazarus.agent.internal.instrumentation.validation;

import dev.lazarus.agent.internal.instrumentation.CallKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One list of classifications written on a fixture line, after {@code // expect:} (what is right) or after
 * {@code // known wrong (...):} (what the classifier answers today instead). Entries are separated by
 * commas; each is {@code [callee] KIND [retried]}:
 * <ul>
 *   <li>{@code callee} names the called method ({@code find}), optionally with its class's simple name
 *       ({@code SearchService.find}); {@code new} names a constructor. An entry without a callee applies to
 *       every call on the line that no other entry names.</li>
 *   <li>{@code KIND} is a {@link CallKind} constant.</li>
 *   <li>{@code retried} says the journaled call carries a retry policy.</li>
 * </ul>
 */
final class Expectation {
    /** One entry. */
    record Entry(String callee, CallKind kind, boolean retried) {
        /** @return whether this entry names the callee ({@code owner.with.dots.method}) */
        boolean names(String qualifiedCallee) {
            int dot = qualifiedCallee.lastIndexOf('.');
            String method = qualifiedCallee.substring(dot + 1);
            String owner = qualifiedCallee.substring(qualifiedCallee.lastIndexOf('.', dot - 1) + 1, dot);
            String wanted = callee;
            String wantedOwner = null;
            int split = wanted.lastIndexOf('.');
            if (split >= 0) {
                wantedOwner = wanted.substring(0, split);
                wanted = wanted.substring(split + 1);
            }
            if (wanted.equals("new")) {
                wanted = "<init>";
            }
            // Kotlin compiles default arguments into NAME$default: the source names NAME
            boolean sameMethod = method.equals(wanted) || method.startsWith(wanted + "$");
            boolean sameOwner = wantedOwner == null
                    || owner.equals(wantedOwner)
                    || owner.substring(owner.lastIndexOf('$') + 1).equals(wantedOwner);
            return sameMethod && sameOwner;
        }

        /** @return whether a call site classified so meets this entry */
        boolean accepts(CallKind actualKind, boolean actualRetried) {
            return kind == actualKind && retried == actualRetried;
        }

        /** @return the entry's classification as the fixture writes it */
        String classification() {
            return kind.name() + (retried ? " retried" : "");
        }
    }

    private final List<Entry> entries;

    private Expectation(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param text the list after the marker
     * @return the parsed list
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    static Expectation parse(String text) {
        List<Entry> entries = new ArrayList<>();
        boolean blanket = false;
        for (String item : text.split(",")) {
            String[] words = item.trim().split("\\s+");
            int last = words.length - 1;
            boolean retried = words[last].equals("retried");
            if (retried) {
                last--;
            }
            if (last < 0 || last > 1) {
                throw new IllegalArgumentException("'" + item.trim() + "' is not [callee] KIND [retried]");
            }
            CallKind kind;
            try {
                kind = CallKind.valueOf(words[last]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + words[last] + "' is not one of " + List.of(CallKind.values()));
            }
            String callee = last == 1 ? words[0] : null;
            if (callee == null) {
                if (blanket) {
                    throw new IllegalArgumentException("two entries without a callee in '" + text + "'");
                }
                blanket = true;
            }
            entries.add(new Entry(callee, kind, retried));
        }
        return new Expectation(entries);
    }

    /** @return the entry that speaks for a call of the callee: one naming it, else the one naming nothing, else {@code null} */
    Entry forCall(String qualifiedCallee) {
        Entry fallback = null;
        for (Entry e : entries) {
            if (e.callee() == null) {
                fallback = e;
            } else if (e.names(qualifiedCallee)) {
                return e;
            }
        }
        return fallback;
    }

    /** @return the entry written with this callee token, else the one naming nothing, else {@code null} */
    Entry entryFor(String calleeToken) {
        Entry fallback = null;
        for (Entry e : entries) {
            if (e.callee() == null) {
                fallback = e;
            } else if (e.callee().equals(calleeToken)) {
                return e;
            }
        }
        return fallback;
    }

    /** @return the entries that name a callee */
    List<Entry> named() {
        return entries.stream().filter(e -> e.callee() != null).toList();
    }

    /** @return whether some entry names no callee (and so covers every call on the line) */
    boolean hasBlanket() {
        return entries.stream().anyMatch(e -> e.callee() == null);
    }
}
