package dev.lazarus.store.record;

/**
 * How a branch of an execution is named in the journal's records (their {@code executionId}). Work a durable body hands to another thread (an executor's task, a
 * {@code CompletableFuture} stage, a thread it starts, an element of a parallel stream) runs as a branch of
 * the execution, and its id says where the body forked it, never which thread ran it or when:
 *
 * <ul>
 *   <li>{@code <forker>~<n>}: the {@code n}-th fork (from 0) the forker's code made, the forker being the
 *       execution or another branch ({@code abc~2~0} is the first fork of the third branch of {@code abc});
 *   <li>{@code <forker>~<n>.<i>}: element {@code i} of the parallel stream that was the forker's {@code n}-th
 *       fork.
 * </ul>
 *
 * <p>Child executions keep their own form ({@code <parent>/<position>}), so the execution that owns a branch is
 * what precedes the first {@code ~} after the last {@code /}. Execution ids never hold either character.
 */
public final class BranchIds {
    /** Separates a forker's id from a fork's number. */
    public static final char FORK = '~';

    private BranchIds() {}

    /**
     * @param forker the id of the execution or branch that forks
     * @param n the fork's number in the forker, from 0
     * @return the id of the forker's {@code n}-th fork
     */
    public static String fork(String forker, int n) {
        return forker + FORK + n;
    }

    /**
     * @param forker the id of the execution or branch that made the parallel stream
     * @param n the stream's fork number in the forker
     * @param i the element's position in the stream's source, from 0
     * @return the id of element {@code i} of the parallel stream that was the forker's {@code n}-th fork
     */
    public static String element(String forker, int n, long i) {
        return forker + FORK + n + '.' + i;
    }

    /**
     * @param id an id of a record
     * @return the id of the execution that owns the branch {@code id} names, or {@code null} if it names no branch
     */
    public static String owner(String id) {
        int fork = id.indexOf(FORK, id.lastIndexOf('/') + 1);
        return fork < 0 ? null : id.substring(0, fork);
    }
}
