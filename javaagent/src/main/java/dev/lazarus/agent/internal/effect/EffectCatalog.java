package dev.lazarus.agent.internal.effect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effect catalog: every boundary the agent journals effects at, by stable name, and the index the weaver
 * uses to find the methods to weave among the classes a JVM loads.
 *
 * <p>Adding a boundary: implement {@link EffectBoundary} (one class per boundary, in this package), add it to
 * {@link #standard()}, and test it end to end against the real library. The catalog is immutable.
 */
public final class EffectCatalog {
    private final Map<String, EffectBoundary> byId = new HashMap<>();
    private final Set<String> methodNames = new HashSet<>();
    private final List<EffectBoundary> boundaries;
    private final byte[][] methodNameBytes;
    private final boolean[] methodNameStarts = new boolean[256];

    /**
     * @param boundaries the boundaries, with distinct ids
     * @throws IllegalArgumentException if two share an id
     */
    public EffectCatalog(List<EffectBoundary> boundaries) {
        this.boundaries = List.copyOf(boundaries);
        for (EffectBoundary b : this.boundaries) {
            if (byId.put(b.id(), b) != null) {
                throw new IllegalArgumentException("two boundaries are named " + b.id());
            }
            for (WovenMethod m : b.methods()) {
                methodNames.add(m.name());
            }
        }
        methodNameBytes = methodNames.stream()
                .map(n -> n.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        for (byte[] name : methodNameBytes) {
            methodNameStarts[name[0] & 0xFF] = true;
        }
    }

    /** @return the catalog the agent installs */
    public static EffectCatalog standard() {
        List<EffectBoundary> all = new ArrayList<>();
        all.add(new JdkHttpClientBoundary());
        all.add(new OkHttpBoundary());
        all.add(new ApacheHttpClient5Boundary());
        all.addAll(HttpUrlConnectionBoundary.withAccess());
        return new EffectCatalog(all);
    }

    /** @return the boundaries, in catalog order */
    public List<EffectBoundary> boundaries() {
        return boundaries;
    }

    /**
     * @param id a boundary's stable name
     * @return the boundary, or {@code null} if the catalog has none of that name
     */
    public EffectBoundary boundary(String id) {
        return byId.get(id);
    }

    /**
     * @return the names of every woven method as constant-pool bytes (method names are ASCII), for a cheap
     *     first look at a class's constant pool
     */
    byte[][] methodNameBytes() {
        return methodNameBytes;
    }

    /** @return which bytes start the name of a woven method, indexed by the byte's unsigned value */
    boolean[] methodNameStarts() {
        return methodNameStarts;
    }
}
