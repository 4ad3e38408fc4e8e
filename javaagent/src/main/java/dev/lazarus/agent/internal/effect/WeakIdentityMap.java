package dev.lazarus.agent.internal.effect;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map from objects the application owns (a driver's statement, a pool's proxy of it) to what the agent
 * keeps about them, that neither keeps them alive nor asks them for {@code equals} or {@code hashCode}: keys are
 * compared by identity, because wrappers such as a pool's proxies may define equality as their delegate's, and
 * the proxy and the statement it wraps must not share what is kept. Entries go when their key is collected.
 *
 * <p>Thread-safe (one lock: the maps kept are small and their operations short).
 */
final class WeakIdentityMap<K, V> {
    private final Map<Key, V> map = new HashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /** A weak reference compared by the identity of its referent, with the hash taken while it was alive. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key k)) {
                return false;
            }
            Object referent = get();
            return referent != null && referent == k.get();
        }
    }

    /** A key for looking up only: never stored, never enqueued. */
    private static Key probe(Object key) {
        return new Key(key, null);
    }

    /**
     * @param key the object, compared by identity
     * @return what is kept for it, or {@code null}
     */
    synchronized V get(K key) {
        expunge();
        return map.get(probe(key));
    }

    /**
     * @param key the object, compared by identity
     * @param make makes the value when there is none
     * @return what is kept for it, made now if there was nothing
     */
    synchronized V computeIfAbsent(K key, Function<K, V> make) {
        expunge();
        Key probe = probe(key);
        V value = map.get(probe);
        if (value == null) {
            value = make.apply(key);
            map.put(new Key(key, collected), value);
        }
        return value;
    }

    /** @return the number of live entries (for tests) */
    synchronized int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        for (Object k; (k = collected.poll()) != null; ) {
            map.remove(k); // a collected key equals only itself
        }
    }
}
