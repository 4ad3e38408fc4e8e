package dev.lazarus.agent.internal.engine;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * One walk over a value graph that digests it by value: the same number for equal values however they were built,
 * shared or copied, live or decoded from the journal, in any JVM. It never uses identity hash codes or a
 * {@code hashCode()} the JDK does not specify, and never the order of a hash-based collection.
 *
 * <ul>
 *   <li>Strings, boxed primitives, big numbers, enums (by class and name), lists, object arrays and
 *       {@code byte[]}/{@code int[]}/{@code long[]} hash exactly as earlier versions hashed them, so the digests those
 *       versions recorded for such arguments still match.</li>
 *   <li>Other ordered collections in order; sets, maps and collections without an order as multisets (element and
 *       entry hashes summed, after a mix, so that order cannot matter).</li>
 *   <li>Everything else as its {@link DigestPlan} says: JDK value types by documented forms, records and other
 *       objects by class name and fields, things that carry no value by what they are.</li>
 *   <li>A shared object is hashed wherever it is met, as its unshared copies would be. An object reached again while
 *       it is being hashed (a cycle) hashes as how far back the reference points, so a graph and its decoded copy,
 *       which has the same cycles, agree. No identity map: hashing a new object's identity costs more than a scan
 *       of the few objects being hashed.</li>
 *   <li>Bounds: past {@value #MAX_DEPTH} levels or {@value #MAX_NODES} values (a shared one counted each time it is
 *       met, so that sharing cannot change the outcome, and a graph that shares much cannot cost much) the walk
 *       stops with {@link TooLarge}, and the caller digests nothing: such a call is not compared on replay.</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance per digest.
 */
final class ValueDigest {
    /** Levels of nesting (containers and objects) a value may have. */
    static final int MAX_DEPTH = 128;
    /** Values (elements, fields, scalars) one digest may visit. */
    static final long MAX_NODES = 100_000;

    /** What {@link #scalar} returns for anything that is not a scalar; no scalar's hash can be this. */
    static final long NOT_SCALAR = Long.MIN_VALUE;

    private static final long STRING = "java.lang.String".hashCode();
    private static final long INTEGER = "java.lang.Integer".hashCode();
    private static final long LONG = "java.lang.Long".hashCode();
    private static final long BOOLEAN = "java.lang.Boolean".hashCode();
    private static final long CHARACTER = "java.lang.Character".hashCode();
    private static final long SHORT = "java.lang.Short".hashCode();
    private static final long BYTE = "java.lang.Byte".hashCode();
    private static final long DOUBLE = "java.lang.Double".hashCode();
    private static final long FLOAT = "java.lang.Float".hashCode();
    private static final long CYCLE = "cycle".hashCode();
    private static final long HIDDEN_CLASS = "a hidden class".hashCode();
    private static final long SEQUENCE_SEED = 3;

    /** The value is too deep or too large to digest within the bounds. One instance, without a stack trace. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private TooLarge() {
            super("the value is too large or too deeply nested to digest", null, false, false);
        }
    }

    private static final TooLarge TOO_LARGE = new TooLarge();

    private int depth;
    private long nodes;
    /** The objects being hashed, outermost first: a reference to one of them is a cycle. Created at the first one. */
    private Object[] path;

    private int pathSize;

    /**
     * The hash of a scalar, computed as earlier versions did (the JDK specifies these hash codes).
     *
     * @return the hash; 0 for null; {@link #NOT_SCALAR} if {@code o} is not a string, boxed primitive, big number or
     *     enum
     */
    static long scalar(Object o) {
        if (o == null) {
            return 0;
        }
        if (o instanceof String
                || o instanceof Integer
                || o instanceof Long
                || o instanceof Boolean
                || o instanceof Character
                || o instanceof Short
                || o instanceof Byte
                || o instanceof Double
                || o instanceof Float
                || o instanceof BigInteger
                || o instanceof BigDecimal) {
            return o.hashCode() * 31L + o.getClass().getName().hashCode();
        }
        if (o instanceof Enum) {
            return ((Enum<?>) o).name().hashCode() * 31L
                    + ((Enum<?>) o).getDeclaringClass().getName().hashCode();
        }
        return NOT_SCALAR;
    }

    /**
     * @param o any value
     * @return its digest
     * @throws TooLarge if it is past the bounds
     */
    long hash(Object o) {
        if (++nodes > MAX_NODES) {
            throw TOO_LARGE;
        }
        long s = scalar(o);
        if (s != NOT_SCALAR) {
            return s;
        }
        if (o instanceof List) {
            enter();
            List<?> list = (List<?>) o;
            long h = 1;
            if (list instanceof RandomAccess) { // no iterator to allocate
                for (int i = 0, n = list.size(); i < n; i++) {
                    h = h * 31 + hash(list.get(i));
                }
            } else {
                for (Object e : list) {
                    h = h * 31 + hash(e);
                }
            }
            depth--;
            return h;
        }
        if (o instanceof byte[]) {
            return Arrays.hashCode((byte[]) o);
        }
        if (o instanceof int[]) {
            return Arrays.hashCode((int[]) o);
        }
        if (o instanceof long[]) {
            return Arrays.hashCode((long[]) o);
        }
        if (o instanceof Object[]) {
            enter();
            long h = 7;
            for (Object e : (Object[]) o) {
                h = h * 31 + hash(e);
            }
            depth--;
            return h;
        }
        DigestPlan plan = DigestPlan.of(o.getClass());
        switch (plan.kind) {
            case ORDERED:
                return ordered(plan, (Collection<?>) o);
            case UNORDERED:
                return unordered(plan, (Collection<?>) o);
            case MAP:
                return map(plan, (Map<?, ?>) o);
            case PRIMITIVE_ARRAY:
                return plan.tag * 31 + primitiveArray(o);
            case TEXT:
                return plan.tag * 31 + plan.text.apply(o).hashCode();
            case NO_VALUE:
                return plan.tag;
            case CLASS:
                Class<?> c = (Class<?>) o; // a hidden class's name is made up at run time: only its kind counts
                return plan.tag * 31
                        + (c.isHidden() ? HIDDEN_CLASS : c.getName().hashCode());
            case OPTIONAL:
            case ENTRY:
            case WRAPPER:
                return holder(plan, o);
            default:
                return object(plan, o);
        }
    }

    /**
     * Holders of other values. They are not remembered: an optional or an entry cannot contain itself but through an
     * object or a container that can (the object is where the cycle is found), and shared ones cost little to hash
     * again.
     */
    private long holder(DigestPlan plan, Object o) {
        enter();
        long h;
        if (plan.kind == DigestPlan.Kind.OPTIONAL) {
            h = plan.tag * 31 + hash(((Optional<?>) o).orElse(null));
        } else if (plan.kind == DigestPlan.Kind.ENTRY) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            h = (plan.tag * 31 + hash(e.getKey())) * 31 + hash(e.getValue());
        } else {
            h = plan.tag * 31 + hash(plan.unwrap.apply(o));
        }
        depth--;
        return h;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw TOO_LARGE;
        }
    }

    private long ordered(DigestPlan plan, Collection<?> c) {
        enter();
        long h = SEQUENCE_SEED;
        for (Object e : c) {
            h = h * 31 + hash(e);
        }
        depth--;
        return plan.tag * 31 + h;
    }

    private long unordered(DigestPlan plan, Collection<?> c) {
        enter();
        long sum = 0;
        int n = 0;
        for (Object e : c) {
            sum += mix(hash(e));
            n++;
        }
        depth--;
        return (plan.tag * 31 + n) * 31 + sum;
    }

    private long map(DigestPlan plan, Map<?, ?> m) {
        enter();
        long sum = 0;
        int n = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            sum += mix(hash(e.getKey()) * 31 + hash(e.getValue()));
            n++;
        }
        depth--;
        return (plan.tag * 31 + n) * 31 + sum;
    }

    /**
     * Objects with fields and exceptions, the values that can take part in a cycle. A reference back to an object being
     * hashed hashes as how many objects back it points; anything else is hashed wherever it is met, so a shared object
     * hashes as its unshared copies do (and counts as often towards {@link #MAX_NODES}, which bounds the work).
     */
    private long object(DigestPlan plan, Object o) {
        if (path == null) {
            path = new Object[8];
        }
        for (int i = pathSize - 1; i >= 0; i--) {
            if (path[i] == o) {
                return CYCLE * 31 + (pathSize - i);
            }
        }
        enter();
        if (pathSize == path.length) {
            path = Arrays.copyOf(path, path.length * 2);
        }
        path[pathSize++] = o;
        long h = objectHash(plan, o);
        path[--pathSize] = null;
        depth--;
        return h;
    }

    private long objectHash(DigestPlan plan, Object o) {
        return plan.kind == DigestPlan.Kind.THROWABLE ? throwable(plan, (Throwable) o) : fields(plan, o);
    }

    /** Never the stack trace: the same exception made live and on replay has other frames below the body. */
    private long throwable(DigestPlan plan, Throwable t) {
        long h = plan.tag * 31 + hash(t.getMessage());
        h = h * 31 + hash(t.getCause());
        for (Throwable s : t.getSuppressed()) {
            h = h * 31 + hash(s);
        }
        return h;
    }

    /** Null fields count as absent, so that adding a field a value leaves null does not change its digest. */
    private long fields(DigestPlan plan, Object o) {
        long h = plan.tag;
        try {
            for (DigestPlan.Slot s : plan.fields) {
                Field f = s.field();
                Class<?> type = s.type();
                long v;
                if (!type.isPrimitive()) {
                    Object value = f.get(o);
                    if (value == null) {
                        continue;
                    }
                    v = hash(value);
                } else if (type == int.class) {
                    v = Integer.hashCode(f.getInt(o)) * 31L + INTEGER;
                } else if (type == long.class) {
                    v = Long.hashCode(f.getLong(o)) * 31L + LONG;
                } else if (type == boolean.class) {
                    v = Boolean.hashCode(f.getBoolean(o)) * 31L + BOOLEAN;
                } else if (type == double.class) {
                    v = Double.hashCode(f.getDouble(o)) * 31L + DOUBLE;
                } else if (type == float.class) {
                    v = Float.hashCode(f.getFloat(o)) * 31L + FLOAT;
                } else if (type == char.class) {
                    v = Character.hashCode(f.getChar(o)) * 31L + CHARACTER;
                } else if (type == short.class) {
                    v = Short.hashCode(f.getShort(o)) * 31L + SHORT;
                } else {
                    v = Byte.hashCode(f.getByte(o)) * 31L + BYTE;
                }
                h = (h * 31 + s.nameHash()) * 31 + v;
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("a field made accessible could not be read", e);
        }
        return h;
    }

    private static long primitiveArray(Object a) {
        if (a instanceof char[]) {
            return Arrays.hashCode((char[]) a);
        }
        if (a instanceof short[]) {
            return Arrays.hashCode((short[]) a);
        }
        if (a instanceof double[]) {
            return Arrays.hashCode((double[]) a);
        }
        if (a instanceof float[]) {
            return Arrays.hashCode((float[]) a);
        }
        return Arrays.hashCode((boolean[]) a);
    }

    /** MurmurHash3's 64-bit finalizer: spreads each element's hash before they are summed. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
