package dev.lazarus.agent.internal.engine;

/**
 * The digest of a journaled call's arguments that replay compares: the same for equal values in every JVM, however
 * they were built (see {@link ValueDigest}). Scalar arguments, the common case, are hashed without allocating
 * anything; the first argument that is not a scalar starts a walk of the value graph.
 *
 * <p>Journals written by earlier versions hold digests of {@link LegacyArgumentDigest}; arguments made only of
 * scalars and lists and arrays of them digest the same under both.
 */
final class ArgumentDigest {
    private ArgumentDigest() {}

    /**
     * @param args the call's arguments; those before {@code from} (the receiver) are left out
     * @return the digest, never 0 for digestible arguments; 0 when they are too large or deep to digest, or reading
     *     them failed (a collection modified meanwhile, a class that cannot be linked): then nothing is compared
     */
    static int of(Object[] args, int from) {
        long h = 17;
        ValueDigest walk = null;
        for (int i = from; i < args.length; i++) {
            Object a = args[i];
            long v = ValueDigest.scalar(a);
            if (v == ValueDigest.NOT_SCALAR) {
                if (walk == null) {
                    walk = new ValueDigest();
                }
                try {
                    v = walk.hash(a);
                } catch (RuntimeException | StackOverflowError | LinkageError e) {
                    return 0; // ValueDigest.TooLarge, or the value could not be read
                }
            }
            h = h * 31 + v;
        }
        int d = (int) (h ^ (h >>> 32));
        return d == 0 ? 1 : d;
    }
}
