package dev.lazarus.agent.internal.effect;

/**
 * Where the application called a woven method, for the one line a refusal says ({@code OrderDesk.java:74}):
 * the frame just outside the outermost frame of that method on the stack (a pool's proxy statement and the
 * driver's statement it calls are both frames of the method; the application's call is the one before them).
 * Walks the stack: only for refusals, which are rare.
 */
final class CallSiteOfWoven {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallSiteOfWoven() {}

    /**
     * @param method the woven method's name
     * @return {@code File.java:42} of the call, or {@code ?}
     */
    static String of(String method) {
        return WALKER.walk(frames -> {
            StackWalker.StackFrame caller = null;
            boolean inside = false;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                if (f.getMethodName().equals(method) && !f.getClassName().startsWith("dev.lazarus.agent.")) {
                    inside = true;
                    caller = null;
                } else if (inside && caller == null) {
                    caller = f;
                }
            }
            return caller == null
                    ? "?"
                    : (caller.getFileName() == null ? caller.getClassName() : caller.getFileName()) + ":"
                            + caller.getLineNumber();
        });
    }
}
