package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.BranchIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * The source of a parallel stream a durable body made: each element is pushed down the stream's pipeline as a
 * branch of its own, named by the element's position in the source ({@link BranchIds#element}), whichever
 * thread of the pool takes it. The stateless stages a parallel stream fuses per element ({@code map},
 * {@code filter}, {@code flatMap}, {@code peek}, {@code forEach}, a collector's accumulator) run inside that
 * branch; a stateful stage ({@code sorted}, {@code distinct}, {@code limit}) ends the element's branch, so what
 * comes after it runs outside any execution.
 *
 * <p>Positions come from splitting: a source whose every split knows its exact size ({@code SUBSIZED}: lists,
 * arrays, ranges) is split as it is; any other of known size (a hash set) is first read, in order, into a list
 * on the forker's thread. A source of unknown size (an iterator, {@code Stream.iterate}, perhaps endless) cannot
 * be read ahead nor split with positions: it is not split at all ({@link #splittable}), so its elements run one
 * after the other, each still a branch named by its position.
 */
final class BranchSpliterator<T> implements Spliterator<T> {
    private final Spliterator<T> source;
    private final Branches branches;
    private final Execution forker;
    private final int number;
    /** Where the body made the stream ({@code File.java:42}). */
    private final String forkedAt;
    /** The position in the whole source of this part's next element. */
    private long next;

    private BranchSpliterator(
            Spliterator<T> source, long first, Branches branches, Execution forker, int number, String forkedAt) {
        this.source = source;
        this.forkedAt = forkedAt;
        this.next = first;
        this.branches = branches;
        this.forker = forker;
        this.number = number;
    }

    /**
     * @param source the stream's source
     * @param branches how branches run
     * @param forker the execution whose body made the stream
     * @param number the fork's number in the forker
     * @param forkedAt where the body made the stream
     * @return a source whose elements run as branches
     */
    static <T> BranchSpliterator<T> of(
            Spliterator<T> source, Branches branches, Execution forker, int number, String forkedAt) {
        Spliterator<T> indexable = source;
        if (!source.hasCharacteristics(Spliterator.SUBSIZED) && source.hasCharacteristics(Spliterator.SIZED)) {
            List<T> all = new ArrayList<>();
            source.forEachRemaining(all::add);
            indexable = all.spliterator();
        }
        return new BranchSpliterator<>(indexable, 0, branches, forker, number, forkedAt);
    }

    /** Whether the stream may split this source across threads: only when each split knows its positions. */
    boolean splittable() {
        return source.hasCharacteristics(Spliterator.SUBSIZED);
    }

    private void push(T element, Consumer<? super T> action) {
        long position = next++;
        try {
            branches.run(forker.element(number, position, forkedAt), () -> {
                action.accept(element);
                return null;
            });
        } catch (Throwable t) {
            throw BranchTask.sneaky(t);
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        return source.tryAdvance(e -> push(e, action));
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        source.forEachRemaining(e -> push(e, action));
    }

    @Override
    public Spliterator<T> trySplit() {
        if (!splittable()) {
            return null;
        }
        Spliterator<T> prefix = source.trySplit();
        if (prefix == null) {
            return null;
        }
        // SUBSIZED: the prefix covers exactly the next getExactSizeIfKnown() positions, this part the rest
        BranchSpliterator<T> split = new BranchSpliterator<>(prefix, next, branches, forker, number, forkedAt);
        next += prefix.getExactSizeIfKnown();
        return split;
    }

    @Override
    public long estimateSize() {
        return source.estimateSize();
    }

    @Override
    public int characteristics() {
        return source.characteristics();
    }

    @Override
    public Comparator<? super T> getComparator() {
        return source.getComparator();
    }
}
