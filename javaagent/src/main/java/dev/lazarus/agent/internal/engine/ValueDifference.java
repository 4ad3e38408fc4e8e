package dev.lazarus.agent.internal.engine;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Whether two values are equal as values, ignoring identity and sharing, and where they first differ: the
 * self-check's comparison of a run's outcome with its replay's.
 *
 * <p>Why not {@code equals}: many results have none (arrays, builders, a library's plain classes), and a
 * record's or a collection's {@code equals} falls back on identity for such parts. Why not the encoded bytes:
 * the codec keeps sharing (one object reached twice is written once), and a replay answers calls with fresh
 * copies where the run may have got one shared object, so equal values can encode differently. So: a class's
 * own {@code equals} where it has one and says yes; arrays, lists, maps and other collections element by
 * element; exceptions by class, message and cause (not stack traces, which name where each side ran);
 * anything else field by field. A JDK class whose own {@code equals} says no differs. Fields the engine may
 * not read (a class of a named module that is not open to it) are compared by the {@code opaque} predicate.
 */
final class ValueDifference {
    /** Deeper than this, values are compared by {@code equals} alone: no result nests that deep as data. */
    private static final int MAX_DEPTH = 200;

    private static final ClassValue<Boolean> OWN_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("equals", Object.class);
                return m.getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /** The instance fields of a class and its superclasses, readable; {@code null} where the JDK refuses. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                        continue; // transient fields are not journaled: both sides have what decoding left there
                    }
                    try {
                        f.setAccessible(true);
                    } catch (RuntimeException e) { // InaccessibleObjectException: a named module, not open to us
                        return null;
                    }
                    fields.add(f);
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    private final BiPredicate<Object, Object> opaque;
    /** Pairs already compared (or being compared): cycles end, and shared parts are compared once. */
    private final IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();

    private ValueDifference(BiPredicate<Object, Object> opaque) {
        this.opaque = opaque;
    }

    /**
     * @param recorded the run's value
     * @param replayed the replay's value
     * @param opaque compares two values of a class whose fields cannot be read (by their encodings, say)
     * @return {@code null} when they are equal as values; else where and how they first differ
     */
    static String between(Object recorded, Object replayed, BiPredicate<Object, Object> opaque) {
        try {
            return new ValueDifference(opaque).diff(recorded, replayed, "", 0);
        } catch (RuntimeException e) { // an application's iterator, hashCode or equals failed: no verdict either way
            return "they could not be compared: " + e;
        }
    }

    private String diff(Object a, Object b, String path, int depth) {
        if (a == b) {
            return null;
        }
        if (a == null || b == null) {
            return differ(path, a, b);
        }
        if (a.getClass() != b.getClass()) {
            return (path.isEmpty() ? "" : path + ": ") + "recorded a "
                    + a.getClass().getName() + " " + render(a) + ", replayed a "
                    + b.getClass().getName() + " " + render(b);
        }
        if (depth > MAX_DEPTH) {
            return Objects.equals(a, b) ? null : differ(path, a, b);
        }
        if (seen.get(a) == b) {
            return null;
        }
        seen.put(a, b);
        Class<?> type = a.getClass();
        if (type.isArray()) {
            return arrays(a, b, path, depth);
        }
        if (a instanceof Throwable) {
            Throwable x = (Throwable) a;
            Throwable y = (Throwable) b;
            if (!Objects.equals(x.getMessage(), y.getMessage())) {
                return differ(path.isEmpty() ? "message" : path + ".message", x.getMessage(), y.getMessage());
            }
            return diff(x.getCause(), y.getCause(), path.isEmpty() ? "cause" : path + ".cause", depth + 1);
        }
        if (a instanceof List) {
            return inOrder((List<?>) a, (List<?>) b, path, depth);
        }
        if (a instanceof Map) {
            return maps((Map<?, ?>) a, (Map<?, ?>) b, path, depth);
        }
        if (a instanceof Collection) {
            if (safeEquals(a, b)) {
                return null;
            }
            return inOrder((Collection<?>) a, (Collection<?>) b, path, depth);
        }
        if (OWN_EQUALS.get(type)) {
            if (safeEquals(a, b)) {
                return null;
            }
            if (isJdk(type)) {
                return differ(path, a, b); // the JDK's value classes mean what their equals says
            }
        }
        return fields(a, b, path, depth);
    }

    private String arrays(Object a, Object b, String path, int depth) {
        int n = Array.getLength(a);
        if (n != Array.getLength(b)) {
            return path + ": an array of " + n + " vs " + Array.getLength(b) + " elements";
        }
        for (int i = 0; i < n; i++) {
            String d = diff(Array.get(a, i), Array.get(b, i), path + "[" + i + "]", depth + 1);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private String inOrder(Collection<?> a, Collection<?> b, String path, int depth) {
        if (a.size() != b.size()) {
            return path + ": " + a.size() + " vs " + b.size() + " elements";
        }
        Iterator<?> x = a.iterator();
        Iterator<?> y = b.iterator();
        for (int i = 0; x.hasNext() && y.hasNext(); i++) {
            String d = diff(x.next(), y.next(), path + "[" + i + "]", depth + 1);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private String maps(Map<?, ?> a, Map<?, ?> b, String path, int depth) {
        if (a.size() != b.size()) {
            return path + ": " + a.size() + " vs " + b.size() + " entries";
        }
        boolean byKey = true;
        try {
            for (Object key : a.keySet()) {
                if (!b.containsKey(key)) {
                    byKey = false; // keys without equals of their own: compare the entries in iteration order
                    break;
                }
            }
        } catch (RuntimeException e) { // a key's hashCode or equals failed: iteration order it is
            byKey = false;
        }
        if (byKey) {
            for (Map.Entry<?, ?> e : a.entrySet()) {
                String d = diff(e.getValue(), b.get(e.getKey()), path + "[" + render(e.getKey()) + "]", depth + 1);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        Iterator<? extends Map.Entry<?, ?>> x = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> y = b.entrySet().iterator();
        while (x.hasNext() && y.hasNext()) {
            Map.Entry<?, ?> p = x.next();
            Map.Entry<?, ?> q = y.next();
            String d = diff(p.getKey(), q.getKey(), path + ".key(" + render(p.getKey()) + ")", depth + 1);
            if (d == null) {
                d = diff(p.getValue(), q.getValue(), path + "[" + render(p.getKey()) + "]", depth + 1);
            }
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private String fields(Object a, Object b, String path, int depth) {
        Field[] fields = FIELDS.get(a.getClass());
        if (fields == null) {
            return opaque.test(a, b) ? null : differ(path, a, b);
        }
        for (Field f : fields) {
            Object x;
            Object y;
            try {
                x = f.get(a);
                y = f.get(b);
            } catch (IllegalAccessException e) {
                return opaque.test(a, b) ? null : differ(path, a, b);
            }
            String d = diff(x, y, path + "." + f.getName(), depth + 1);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static boolean safeEquals(Object a, Object b) {
        try {
            return a.equals(b);
        } catch (RuntimeException e) { // an application's equals that fails is no verdict: look at the fields
            return false;
        }
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
    }

    private static String differ(String path, Object a, Object b) {
        return (path.isEmpty() ? "" : path + ": ") + "recorded " + render(a) + ", replayed " + render(b);
    }

    /** A short rendering for a one-line report: strings quoted, everything cut at 60 characters. */
    static String render(Object v) {
        String s;
        try {
            if (v instanceof String) {
                s = "\"" + v + "\"";
            } else if (v instanceof Object[]) {
                s = java.util.Arrays.deepToString((Object[]) v);
            } else if (v != null && v.getClass().isArray()) { // a primitive array: its elements, not its identity
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < Array.getLength(v) && b.length() < 60; i++) {
                    b.append(i == 0 ? "" : ", ").append(Array.get(v, i));
                }
                s = b.append(']').toString();
            } else {
                s = String.valueOf(v);
            }
        } catch (RuntimeException e) {
            s = v.getClass().getName();
        }
        s = s.replace('\n', ' ').replace('\r', ' ');
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
