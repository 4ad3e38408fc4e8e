package dev.lazarus.agent.internal.effect;

/**
 * A boundary whose woven method starts an effect and returns before it completes ({@code HttpClient.sendAsync},
 * OkHttp's {@code Call.enqueue}): the effect is completed on another thread, by the library, and reported
 * through a future or a callback. The engine journals it as the first step of a branch of its own (see
 * {@link AsyncEffect}); {@link #request} and {@link #admit} are used as for any boundary, and the synchronous
 * {@link #perform} and {@link #answer} are replaced by {@link #start} and {@link #replay}.
 */
public interface AsyncEffectBoundary extends EffectBoundary {
    /**
     * Starts the effect live: calls the woven method again (that nested entry proceeds) with the caller's
     * callback or body handler wrapped, so that the effect's data is reported to {@code effect} as it completes,
     * and the caller's own callbacks run through {@link AsyncEffect#inBranch}.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @param effect the engine's side of this effect
     * @return what the woven method returns to its caller (a future, or nothing)
     * @throws Throwable what the woven method threw at once (the effect is then not journaled)
     */
    Object start(Object receiver, Object[] args, AsyncEffect effect) throws Throwable;

    /**
     * Answers the call from the journal: hands the caller what the library would have, completed at once (a
     * completed future) or through the caller's callback ({@link AsyncEffect#inBranchLater}); nothing leaves the
     * process.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @param data what {@link AsyncEffect#completed} journaled, decoded; {@code null} when {@code failure} is set
     * @param failure what {@link AsyncEffect#failed} journaled, decoded; or {@code null}
     * @param effect the engine's side of this effect
     * @return what the woven method returns to its caller
     * @throws Throwable if the data cannot be turned back into a value
     */
    Object replay(Object receiver, Object[] args, Object data, Throwable failure, AsyncEffect effect) throws Throwable;

    /** Not used: an asynchronous effect is carried out by {@link #start}. */
    @Override
    default Performed perform(Object receiver, Object[] args) {
        throw new UnsupportedOperationException(id() + " is asynchronous: the engine calls start");
    }

    /** Not used: an asynchronous effect is answered by {@link #replay}. */
    @Override
    default Object answer(Object receiver, Object[] args, Object data) {
        throw new UnsupportedOperationException(id() + " is asynchronous: the engine calls replay");
    }
}
