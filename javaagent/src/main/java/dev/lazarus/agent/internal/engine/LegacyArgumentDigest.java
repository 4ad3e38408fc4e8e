package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The argument digest of earlier versions, kept only so that journals they wrote still replay. It hashed common
 * scalars directly (exactly as {@link ArgumentDigest} still does) but took a CRC of the codec's bytes for any other
 * argument, and those bytes depend on which objects are shared, so equal requests could digest differently. Its
 * digests are in existing journals: when a recorded digest does not match the value digest, replay computes this one
 * too and accepts a match, before it reports non-determinism. Only a mismatch pays for it. Do not change it: its
 * output must stay what the earlier versions wrote.
 */
final class LegacyArgumentDigest {
    /** Stands for "this value has no JVM-independent direct hash": use the codec. */
    private static final long NO_DIRECT_HASH = Long.MIN_VALUE;

    private LegacyArgumentDigest() {}

    /**
     * @param args the call's arguments; those before {@code from} (the receiver) are left out
     * @return the digest earlier versions recorded for these arguments; 0 when they cannot be encoded at all
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
            return o.hashCode() * 31L + o.getClass().getName().hashCode();
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
