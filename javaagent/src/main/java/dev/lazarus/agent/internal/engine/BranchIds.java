package dev.lazarus.agent.internal.engine;

/**
 * How a branch is named. Work a durable body hands to another thread (an executor's task, a
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
final class BranchIds {
    /** Separates a forker's id from a fork's number. */
    static final char FORK = '~';

    private BranchIds() {}

    /** @return the id of the forker's {@code n}-th fork */
    static String fork(String forker, int n) {
        return forker + FORK + n;
    }

    /** @return the id of element {@code i} of the parallel stream that was the forker's {@code n}-th fork */
    static String element(String forker, int n, long i) {
        return forker + FORK + n + '.' + i;
    }

    /**
     * @param id an id of a record
     * @return the id of the execution that owns the branch {@code id} names, or {@code null} if it names no branch
     */
    static String owner(String id) {
        int fork = id.indexOf(FORK, id.lastIndexOf('/') + 1);
        return fork < 0 ? null : id.substring(0, fork);
    }
}
