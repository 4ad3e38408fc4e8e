package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A digest of a journaled call's arguments that is the same in every JVM for the same values. Common
 * argument types (strings, numbers, booleans, enums, and lists and arrays of them) are hashed directly
 * with hash codes the JDK specifies; anything else is encoded with the codec and CRC-checked, which
 * costs far more, so it is the fallback, not the rule.
 */
final class ArgumentDigest {
    /** Stands for "this value has no JVM-independent direct hash": use the codec. */
    private static final long NO_DIRECT_HASH = Long.MIN_VALUE;

    private ArgumentDigest() {}

    /**
     * @param args the call's arguments; those before {@code from} (the receiver) are left out
     * @return the digest, never 0 for digestible arguments; 0 when they cannot be encoded at all
     */
    static int of(Object[] args, int from, ValueCodec codec, ClassLoader loader) {
        long h = 17;
        for (int i = from; i < args.length; i++) {
            long v = direct(args[i], 0);
            if (v == NO_DIRECT_HASH) {
                return viaCodec(args, from, codec, loader);
            }
            h = h * 31 + v;
        }
        int d = (int) (h ^ (h >>> 32));
        return d == 0 ? 1 : d;
    }

    private static long direct(Object o, int depth) {
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
            return o.hashCode() * 31L + o.getClass().getName().hashCode(); // these hash codes are specified
        }
        if (o instanceof Enum) {
            return ((Enum<?>) o).name().hashCode() * 31L
                    + ((Enum<?>) o).getDeclaringClass().getName().hashCode();
        }
        if (depth < 4 && o instanceof List) {
            long h = 1;
            for (Object e : (List<?>) o) {
                long v = direct(e, depth + 1);
                if (v == NO_DIRECT_HASH) {
                    return NO_DIRECT_HASH;
                }
                h = h * 31 + v;
            }
            return h;
        }
        if (o instanceof byte[]) {
            return java.util.Arrays.hashCode((byte[]) o);
        }
        if (o instanceof int[]) {
            return java.util.Arrays.hashCode((int[]) o);
        }
        if (o instanceof long[]) {
            return java.util.Arrays.hashCode((long[]) o);
        }
        if (depth < 4 && o instanceof Object[]) {
            long h = 7;
            for (Object e : (Object[]) o) {
                long v = direct(e, depth + 1);
                if (v == NO_DIRECT_HASH) {
                    return NO_DIRECT_HASH;
                }
                h = h * 31 + v;
            }
            return h;
        }
        return NO_DIRECT_HASH;
    }

    private static int viaCodec(Object[] args, int from, ValueCodec codec, ClassLoader loader) {
        Object[] arguments = from == 0 ? args : java.util.Arrays.copyOfRange(args, from, args.length);
        try {
            CRC32C crc = new CRC32C();
            crc.update(codec.encode(arguments, loader));
            int d = (int) crc.getValue();
            return d == 0 ? 1 : d;
        } catch (CodecException e) {
            return 0;
        }
    }
}
