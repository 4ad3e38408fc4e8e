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
 * <p>Adding a boundary: implement {@link EffectBoundary} (or {@link AsyncEffectBoundary}, for a method that
 * starts an effect another thread completes; one class per boundary, in this package), add it to
 * {@link #standard()}, and test it end to end against the real library. A boundary that must see other
 * methods of the library than the effect itself (the SQL a statement was prepared with) adds
 * {@link BoundaryCompanion}s. The catalog is immutable.
 */
public final class EffectCatalog {
    private final Map<String, EffectBoundary> byId = new HashMap<>();
    private final Map<String, BoundaryCompanion> companionsById = new HashMap<>();
    private final Map<String, ExecutorHandOff> handOffsById = new HashMap<>();
    private final List<EffectBoundary> boundaries;
    private final List<Hooked> hooked = new ArrayList<>();
    private final byte[][] methodNameBytes;
    private final boolean[] methodNameStarts = new boolean[256];

    /** A woven method and the name its hook passes (a boundary's or a companion's). */
    record Hooked(WovenMethod method, String hookId) {}

    /**
     * @param boundaries the boundaries, with distinct ids
     * @throws IllegalArgumentException if two share an id
     */
    public EffectCatalog(List<EffectBoundary> boundaries) {
        this(boundaries, List.of());
    }

    /**
     * @param boundaries the boundaries, with distinct ids
     * @param companions the methods boundaries need to see besides their effects, with ids distinct from each
     *     other and from the boundaries'
     * @throws IllegalArgumentException if two share an id
     */
    public EffectCatalog(List<EffectBoundary> boundaries, List<BoundaryCompanion> companions) {
        this(boundaries, companions, List.of());
    }

    /**
     * @param boundaries the boundaries, with distinct ids
     * @param companions the methods boundaries need to see besides their effects
     * @param handOffs the methods that hand work to other threads where no durable body's call site shows it
     * @throws IllegalArgumentException if two of all these share an id
     */
    public EffectCatalog(
            List<EffectBoundary> boundaries, List<BoundaryCompanion> companions, List<ExecutorHandOff> handOffs) {
        this.boundaries = List.copyOf(boundaries);
        for (EffectBoundary b : this.boundaries) {
            if (byId.put(b.id(), b) != null) {
                throw new IllegalArgumentException("two boundaries are named " + b.id());
            }
            for (WovenMethod m : b.methods()) {
                hooked.add(new Hooked(m, b.id()));
            }
        }
        for (BoundaryCompanion c : companions) {
            if (byId.containsKey(c.id()) || companionsById.put(c.id(), c) != null) {
                throw new IllegalArgumentException("two boundaries or companions are named " + c.id());
            }
            for (WovenMethod m : c.methods()) {
                hooked.add(new Hooked(m, c.id()));
            }
        }
        for (ExecutorHandOff h : handOffs) {
            if (byId.containsKey(h.id()) || companionsById.containsKey(h.id()) || handOffsById.put(h.id(), h) != null) {
                throw new IllegalArgumentException("two boundaries, companions or hand-offs are named " + h.id());
            }
            for (WovenMethod m : h.methods()) {
                hooked.add(new Hooked(m, h.id()));
            }
        }
        Set<String> methodNames = new HashSet<>();
        for (Hooked h : hooked) {
            methodNames.add(h.method().name());
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
        JdbcStatements statements = new JdbcStatements();
        List<EffectBoundary> all = new ArrayList<>();
        all.add(new JdkHttpClientBoundary());
        all.add(new JdkHttpClientAsyncBoundary());
        all.add(new OkHttpBoundary());
        all.add(new OkHttpAsyncBoundary());
        all.add(new ApacheHttpClient5Boundary());
        all.addAll(HttpUrlConnectionBoundary.withAccess());
        all.addAll(JdbcStatementBoundary.all(statements));
        return new EffectCatalog(
                all,
                JdbcStatementCompanion.all(statements),
                List.of(new CompletableFutureHandOff(), new CompletableFutureComposeHandOff()));
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
     * @param id a companion's name, as its woven hook passes it
     * @return the companion, or {@code null} if the catalog has none of that name
     */
    public BoundaryCompanion companion(String id) {
        return companionsById.get(id);
    }

    /**
     * @param id a hand-off's name, as its woven hook passes it
     * @return the hand-off, or {@code null} if the catalog has none of that name
     */
    public ExecutorHandOff handOff(String id) {
        return handOffsById.get(id);
    }

    /** @return every woven method, of boundaries, companions and hand-offs, with the name its hook passes */
    public List<WovenMethod> wovenMethods() {
        return hooked.stream().map(Hooked::method).toList();
    }

    /** @return every woven method with the name its hook passes, in catalog order */
    List<Hooked> hooked() {
        return hooked;
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
