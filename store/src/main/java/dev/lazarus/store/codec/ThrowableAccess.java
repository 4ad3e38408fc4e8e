package dev.lazarus.store.codec;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Reflective access to the private state of {@link Throwable} and {@link StackTraceElement}.
 *
 * <p>Why: the public API cannot say whether a cause was never set ({@code cause == this}, which keeps
 * {@code initCause} usable) or whether stack traces and suppression were disabled, and it cannot set the message
 * or the cause of an exception created without a constructor. Rebuilding the same exception therefore needs
 * {@code java.lang} opened to us, which the agent does with {@code Instrumentation.redefineModule}. When it is not
 * open (the codec used without the agent), encoding falls back to the public API and decoding produces a
 * {@link RecordedThrowable} instead of the original class.
 *
 * <p>The fields are looked up on first use, not when the class loads, so the agent has had the chance to open
 * {@code java.lang} first.
 */
final class ThrowableAccess {

    private static volatile ThrowableAccess instance;

    private final Field detailMessage;
    private final Field cause;
    private final Field stackTrace;
    private final Field suppressed;
    private final Object suppressedSentinel;
    private final Field frameFormat;

    private ThrowableAccess(
            Field detailMessage,
            Field cause,
            Field stackTrace,
            Field suppressed,
            Object suppressedSentinel,
            Field frameFormat) {
        this.detailMessage = detailMessage;
        this.cause = cause;
        this.stackTrace = stackTrace;
        this.suppressed = suppressed;
        this.suppressedSentinel = suppressedSentinel;
        this.frameFormat = frameFormat;
    }

    static ThrowableAccess get() {
        ThrowableAccess access = instance;
        if (access == null) {
            access = open();
            instance = access;
        }
        return access;
    }

    private static ThrowableAccess open() {
        Field detailMessage = null;
        Field cause = null;
        Field stackTrace = null;
        Field suppressed = null;
        Object sentinel = null;
        try {
            detailMessage = accessible(Throwable.class, "detailMessage");
            cause = accessible(Throwable.class, "cause");
            stackTrace = accessible(Throwable.class, "stackTrace");
            suppressed = accessible(Throwable.class, "suppressedExceptions");
            sentinel = accessible(Throwable.class, "SUPPRESSED_SENTINEL").get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            detailMessage = null; // java.lang is not open to us (or the JDK changed): public API only
        }
        Field format;
        try {
            format = accessible(StackTraceElement.class, "format");
        } catch (ReflectiveOperationException | RuntimeException e) {
            format = null;
        }
        return new ThrowableAccess(detailMessage, cause, stackTrace, suppressed, sentinel, format);
    }

    private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** Whether exceptions can be rebuilt as their own class (needs {@code java.lang} open). */
    boolean canRebuild() {
        return detailMessage != null;
    }

    /** The message as passed to the constructor, not {@code getMessage()}, which subclasses may compute. */
    String detailMessage(Throwable t) {
        if (detailMessage != null) {
            try {
                return (String) detailMessage.get(t);
            } catch (IllegalAccessException e) {
                // fall through to the public API
            }
        }
        return safeMessage(t);
    }

    /** {@code getMessage()}, which is user code and may throw. */
    static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The cause field: {@code t} itself if no cause was ever set, {@code null} if it was set to null. */
    Throwable rawCause(Throwable t) {
        if (cause != null) {
            try {
                return (Throwable) cause.get(t);
            } catch (IllegalAccessException e) {
                // fall through
            }
        }
        Throwable c = t.getCause();
        return c == null ? t : c;
    }

    /** False if the exception was created with {@code writableStackTrace == false}. */
    boolean stackTraceWritable(Throwable t) {
        return stackTrace == null || get(stackTrace, t) != null;
    }

    /** False if the exception was created with {@code enableSuppression == false}. */
    boolean suppressionEnabled(Throwable t) {
        return suppressed == null || get(suppressed, t) != null;
    }

    private static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            return Boolean.TRUE; // not null: the defaults
        }
    }

    /** The JDK's hint of which parts of a frame {@code toString()} shows (class loader and module names). */
    byte frameFormat(StackTraceElement frame) {
        if (frameFormat != null) {
            try {
                return frameFormat.getByte(frame);
            } catch (IllegalAccessException e) {
                // fall through
            }
        }
        return 0;
    }

    void setFrameFormat(StackTraceElement frame, byte format) {
        if (frameFormat != null && format != 0) {
            try {
                frameFormat.setByte(frame, format);
            } catch (IllegalAccessException e) {
                // cosmetic only: the frame prints its class loader name
            }
        }
    }

    /**
     * Sets the state of an exception created without a constructor, in which every field is still null.
     *
     * @param t the new exception
     * @param message its detail message
     * @param writableStackTrace false to leave the stack trace immutable, as the original was
     * @param enableSuppression false to leave suppression disabled, as the original was
     */
    void initialise(Throwable t, String message, boolean writableStackTrace, boolean enableSuppression) {
        try {
            detailMessage.set(t, message);
            cause.set(t, t); // "not set yet", what every constructor without a cause does
            stackTrace.set(t, writableStackTrace ? new StackTraceElement[0] : null);
            suppressed.set(t, enableSuppression ? suppressedSentinel : null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the recorded stack trace (ignored if the original's was immutable). */
    void setStackTrace(Throwable t, StackTraceElement[] frames) {
        try {
            if (stackTrace.get(t) != null) {
                stackTrace.set(t, frames);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the cause field as recorded: the exception itself means "never set". */
    void setCause(Throwable t, Throwable causeOrSelf) {
        try {
            cause.set(t, causeOrSelf);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the suppressed exceptions as recorded (ignored if suppression was disabled). */
    void setSuppressed(Throwable t, List<Throwable> list) {
        try {
            if (suppressed.get(t) != null && !list.isEmpty()) {
                suppressed.set(t, new ArrayList<>(list));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
