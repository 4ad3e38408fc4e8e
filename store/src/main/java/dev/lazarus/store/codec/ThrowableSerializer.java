package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.objenesis.instantiator.ObjectInstantiator;
import com.esotericsoftware.kryo.kryo5.objenesis.strategy.StdInstantiatorStrategy;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a {@link Throwable} explicitly instead of letting Kryo walk its fields.
 *
 * <p>Why not the field serializer: the stack trace lives in a transient field that is filled lazily, so Kryo records
 * an empty one (kryo#532); {@code cause == this} means "no cause yet" and needs care; and an exception whose class
 * was removed by a later deployment must still come back as something that can be thrown. So we write: class name,
 * detail message, flags (stack trace writable, suppression enabled, cause never set), the frames of
 * {@link Throwable#getStackTrace()}, the cause, the suppressed exceptions, and the non-transient fields declared by
 * the exception's class and its superclasses below {@code Throwable} (an {@code HttpException}'s status code).
 *
 * <p>Reading rebuilds the same class without running a constructor (user constructors may have side effects, and
 * the message they would compute is already recorded), then sets {@code Throwable}'s own fields reflectively. If the
 * class is gone, is no longer a {@code Throwable}, cannot be instantiated, or {@code java.lang} is not open to us, a
 * {@link RecordedThrowable} naming the original class is built instead.
 *
 * <p>Fields are best-effort, unlike plain values, because recording that a call failed matters more than any one
 * field of its exception: library exceptions often hold a response, a request or a client. Each field value is
 * encoded on its own (see {@link ValueCodec#encodeBestEffort}); one that cannot be encoded (not data), or decoded
 * (its class is gone or changed), is skipped, as is one the exception class no longer has or whose type changed. The
 * price is that field values share nothing with the rest of the value: an object reachable from a field and from
 * elsewhere comes back as two copies.
 *
 * <p>Strings of stack frames repeat a lot (class, file and module names), so they go through a small per-value
 * string table.
 */
final class ThrowableSerializer extends Serializer<Throwable> {

    private static final int STACK_WRITABLE = 1;
    private static final int SUPPRESSION_ENABLED = 2;
    private static final int CAUSE_NEVER_SET = 4;

    private static final Object WRITE_TABLE = new Object();
    private static final Object SKIPPED = new Object();
    private static final Object READ_TABLE = new Object();

    private static final ClassValue<ObjectInstantiator<?>> INSTANTIATORS = new ClassValue<>() {
        @Override
        protected ObjectInstantiator<?> computeValue(Class<?> type) {
            return new StdInstantiatorStrategy().newInstantiatorOf(type);
        }
    };

    /** Per exception class: its recordable fields, keyed by "declaringClass#name", in a stable order. */
    private static final ClassValue<Map<String, Field>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Field> computeValue(Class<?> type) {
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Class<?> c = type; c != null && c != Throwable.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
                        continue; // transient: the author said it is not data; synthetic: this$0, an outer service
                    }
                    try {
                        f.setAccessible(true);
                    } catch (RuntimeException e) {
                        continue; // a JDK exception in a package not opened to us: keep message, stack and cause
                    }
                    fields.put(c.getName() + "#" + f.getName(), f);
                }
            }
            return Collections.unmodifiableMap(fields);
        }
    };

    private final ValueCodec owner;

    ThrowableSerializer(ValueCodec owner) {
        super(false, false);
        this.owner = owner;
    }

    @Override
    public void write(Kryo kryo, Output output, Throwable t) {
        ThrowableAccess access = ThrowableAccess.get();
        String className;
        String message;
        if (t instanceof RecordedThrowable) {
            // Re-recording a stand-in records the original, so a process that has the class again rebuilds it.
            className = ((RecordedThrowable) t).originalClassName();
            message = ((RecordedThrowable) t).originalMessage();
        } else {
            className = t.getClass().getName();
            message = access.detailMessage(t);
        }
        Throwable cause = access.rawCause(t);
        int flags = (access.stackTraceWritable(t) ? STACK_WRITABLE : 0)
                | (access.suppressionEnabled(t) ? SUPPRESSION_ENABLED : 0)
                | (cause == t ? CAUSE_NEVER_SET : 0);
        writeTableString(kryo, output, className);
        output.writeString(message);
        output.writeByte(flags);

        StackTraceElement[] frames = t.getStackTrace();
        output.writeVarInt(frames.length, true);
        for (StackTraceElement frame : frames) {
            writeTableString(kryo, output, frame.getClassLoaderName());
            writeTableString(kryo, output, frame.getModuleName());
            writeTableString(kryo, output, frame.getModuleVersion());
            writeTableString(kryo, output, frame.getClassName());
            writeTableString(kryo, output, frame.getMethodName());
            writeTableString(kryo, output, frame.getFileName());
            output.writeVarInt(frame.getLineNumber(), false); // -1 unknown, -2 native
            output.writeByte(access.frameFormat(frame));
        }

        if (cause != t) {
            writeTraced(kryo, output, cause, "cause", className);
        }
        Throwable[] suppressed = t.getSuppressed();
        output.writeVarInt(suppressed.length, true);
        for (Throwable s : suppressed) {
            writeTraced(kryo, output, s, "suppressed", className);
        }

        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (!(t instanceof RecordedThrowable)) {
            for (Map.Entry<String, Field> field : FIELDS.get(t.getClass()).entrySet()) {
                Object value;
                try {
                    value = field.getValue().get(t);
                } catch (IllegalAccessException | RuntimeException e) {
                    continue; // unreadable: skipped, like a field that is not data
                }
                byte[] encoded = owner.encodeBestEffort(value, kryo.getClassLoader());
                if (encoded != null) {
                    keys.add(field.getKey());
                    values.add(encoded);
                }
            }
        }
        output.writeVarInt(keys.size(), true);
        for (int i = 0; i < keys.size(); i++) {
            writeTableString(kryo, output, keys.get(i));
            output.writeVarInt(values.get(i).length, true);
            output.writeBytes(values.get(i));
        }
    }

    private static void writeTraced(Kryo kryo, Output output, Object value, String name, String owner) {
        try {
            kryo.writeClassAndObject(output, value);
        } catch (KryoException e) {
            e.addTrace(name + " (" + owner + ")");
            throw e;
        }
    }

    @Override
    public Throwable read(Kryo kryo, Input input, Class<? extends Throwable> ignored) {
        ThrowableAccess access = ThrowableAccess.get();
        String className = readTableString(kryo, input);
        if (className == null) {
            throw CodecFailure.corrupt("an exception without a class name");
        }
        String message = input.readString();
        int flags = input.readByte();

        Throwable t = instantiate(kryo, access, className, message, flags);
        boolean original = !(t instanceof RecordedThrowable);
        kryo.reference(t); // before the cause: cause chains may lead back here

        int frameCount = BoundedInput.checkCount(input, input.readVarInt(true));
        StackTraceElement[] frames = new StackTraceElement[frameCount];
        for (int i = 0; i < frameCount; i++) {
            String loader = readTableString(kryo, input);
            String module = readTableString(kryo, input);
            String version = readTableString(kryo, input);
            String declaringClass = readTableString(kryo, input);
            String method = readTableString(kryo, input);
            String file = readTableString(kryo, input);
            int line = input.readVarInt(false);
            byte format = input.readByte();
            if (declaringClass == null || method == null) {
                throw CodecFailure.corrupt("a stack frame without class or method");
            }
            frames[i] = new StackTraceElement(loader, module, version, declaringClass, method, file, line);
            access.setFrameFormat(frames[i], format);
        }
        if (original) {
            access.setStackTrace(t, frames);
        } else {
            t.setStackTrace(frames);
        }

        Throwable cause = (flags & CAUSE_NEVER_SET) != 0 ? t : readThrowable(kryo, input, "cause", className);
        if (original) {
            access.setCause(t, cause);
        } else if (cause != null && cause != t) {
            t.initCause(cause);
        }

        int suppressedCount = BoundedInput.checkCount(input, input.readVarInt(true));
        List<Throwable> suppressed = new ArrayList<>(suppressedCount);
        for (int i = 0; i < suppressedCount; i++) {
            Throwable s = readThrowable(kryo, input, "suppressed", className);
            if (s != null && s != t) {
                suppressed.add(s);
            }
        }
        if (original) {
            access.setSuppressed(t, suppressed);
        } else {
            suppressed.forEach(t::addSuppressed);
        }

        int fieldCount = BoundedInput.checkCount(input, input.readVarInt(true));
        Map<String, Field> fields = original ? FIELDS.get(t.getClass()) : Map.of();
        for (int i = 0; i < fieldCount; i++) {
            String key = readTableString(kryo, input);
            if (key == null) {
                throw CodecFailure.corrupt("an exception field without a name");
            }
            byte[] encoded = input.readBytes(BoundedInput.checkCount(input, input.readVarInt(true)));
            Field field = fields.get(key);
            if (field != null) {
                Object value = owner.decodeBestEffort(encoded, kryo.getClassLoader(), SKIPPED);
                if (value != SKIPPED) {
                    try {
                        field.set(t, value);
                    } catch (IllegalAccessException | IllegalArgumentException e) {
                        // the field's type changed since it was recorded: keep the default, see the class comment
                    }
                }
            }
        }
        return t;
    }

    private static Throwable readThrowable(Kryo kryo, Input input, String name, String owner) {
        Object value;
        try {
            value = kryo.readClassAndObject(input);
        } catch (KryoException e) {
            e.addTrace(name + " (" + owner + ")");
            throw e;
        }
        if (value != null && !(value instanceof Throwable)) {
            throw CodecFailure.corrupt("the " + name + " of a " + owner + " is a "
                    + value.getClass().getName());
        }
        return (Throwable) value;
    }

    private static Throwable instantiate(
            Kryo kryo, ThrowableAccess access, String className, String message, int flags) {
        if (access.canRebuild()) {
            Class<?> type = null;
            try {
                type = Class.forName(className, false, kryo.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // gone or broken: the stand-in below
            }
            if (type != null
                    && Throwable.class.isAssignableFrom(type)
                    && !Modifier.isAbstract(type.getModifiers())
                    && type != RecordedThrowable.class) {
                try {
                    Throwable t = (Throwable) INSTANTIATORS.get(type).newInstance();
                    access.initialise(t, message, (flags & STACK_WRITABLE) != 0, (flags & SUPPRESSION_ENABLED) != 0);
                    return t;
                } catch (RuntimeException | LinkageError e) {
                    // cannot be instantiated (static initialiser failed, ...): the stand-in below
                }
            }
        }
        return RecordedThrowable.of(className, message);
    }

    @SuppressWarnings("unchecked")
    private static void writeTableString(Kryo kryo, Output output, String s) {
        if (s == null) {
            output.writeVarInt(0, true);
            return;
        }
        Map<String, Integer> table =
                (Map<String, Integer>) kryo.getGraphContext().get(WRITE_TABLE);
        if (table == null) {
            table = new HashMap<>();
            kryo.getGraphContext().put(WRITE_TABLE, table);
        }
        Integer index = table.get(s);
        if (index != null) {
            output.writeVarInt(index + 2, true);
        } else {
            table.put(s, table.size());
            output.writeVarInt(1, true);
            output.writeString(s);
        }
    }

    @SuppressWarnings("unchecked")
    private static String readTableString(Kryo kryo, Input input) {
        int tag = input.readVarInt(true);
        if (tag == 0) {
            return null;
        }
        List<String> table = (List<String>) kryo.getGraphContext().get(READ_TABLE);
        if (table == null) {
            table = new ArrayList<>();
            kryo.getGraphContext().put(READ_TABLE, table);
        }
        if (tag == 1) {
            String s = input.readString();
            if (s == null) {
                throw CodecFailure.corrupt("a missing string in a recorded exception");
            }
            table.add(s);
            return s;
        }
        int index = tag - 2;
        if (index < 0 || index >= table.size()) {
            throw CodecFailure.corrupt("a string reference out of range in a recorded exception");
        }
        return table.get(index);
    }
}
