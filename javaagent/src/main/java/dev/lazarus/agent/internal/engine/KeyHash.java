package dev.lazarus.agent.internal.engine;

/**
 * 64-bit hashes of execution ids, identities and event ids, for the index's tables of what finished
 * ({@link HashedRowRing}). Collisions are possible but rare (about one in 10<sup>7</sup> for a million keys); the
 * index never trusts a hash alone where a wrong match would answer a caller: it reads the record back and compares
 * the key itself.
 */
final class KeyHash {
    private KeyHash() {}

    /** @return the hash of {@code s}, never 0 (0 marks a cleared row) */
    static long of(String s) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the chars, then a finalizer that spreads every bit
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
