package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.serializers.FieldSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.RecordSerializer;
import com.esotericsoftware.kryo.kryo5.util.ObjectMap;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.StringJoiner;

/**
 * Field and record serializers that notice when a class changed shape between recording and replay.
 *
 * <p>Why: Kryo's {@code FieldSerializer} writes field values without names; after a field is added, removed,
 * reordered or retyped it silently reads garbage into the wrong fields, and {@code CompatibleFieldSerializer}, which
 * tolerates such changes, has open bugs. The contract asks that a value that no longer deserializes fail its
 * execution with a message naming the class (docs/SPEC.md §7.7). So the first time a class occurs in a value, a
 * 4-byte fingerprint of its serialized fields (names and generic types, in serialization order) is written
 * before the object, and compared with the current class's when read; a difference fails with the class name and its
 * current fields. Later occurrences of the class in the same value carry nothing: reader and writer meet the classes
 * in the same order.
 */
final class ShapeChecked {

    private ShapeChecked() {}

    /** Whether this is the first time {@code serializer} runs in the current value (Kryo's graph context is per value). */
    @SuppressWarnings("unchecked")
    private static boolean firstInValue(Kryo kryo, Object serializer) {
        ObjectMap<Object, Object> context = kryo.getGraphContext();
        return context.put(serializer, Boolean.TRUE) == null;
    }

    static int fingerprint(String shape) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return (hash[0] & 0xFF) << 24 | (hash[1] & 0xFF) << 16 | (hash[2] & 0xFF) << 8 | (hash[3] & 0xFF);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The fallback serializer of every class that nothing more specific handles. */
    static final class Fields<T> extends FieldSerializer<T> {
        private final int fingerprint;
        private final String shape;
        /**
         * The instance fields the compiler added (an inner class's enclosing instance, a local or anonymous
         * class's captured variables). Kryo skips synthetic fields, so such a value would come back without
         * them — an iterator without its list, a {@code CharSequence} without its characters — silently; one
         * that holds any of them is refused instead.
         */
        private final java.util.List<java.lang.reflect.Field> captured = new java.util.ArrayList<>();

        Fields(Kryo kryo, Class<T> type) {
            super(kryo, type);
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                    if (f.isSynthetic() && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                        captured.add(f);
                    }
                }
            }
            StringJoiner joiner = new StringJoiner(", ");
            for (CachedField field : getFields()) {
                joiner.add(field.getName() + ": "
                        + field.getField().getGenericType().getTypeName());
            }
            this.shape = joiner.toString();
            this.fingerprint = ShapeChecked.fingerprint(shape);
        }

        @Override
        public void write(Kryo kryo, Output output, T object) {
            for (java.lang.reflect.Field f : captured) {
                if (!f.trySetAccessible() || capturedValue(f, object) != null) {
                    throw CodecFailure.denied(
                            object.getClass(),
                            "holds state the compiler captured for it (" + f.getName()
                                    + ": an enclosing instance or a local variable), which would be lost");
                }
            }
            if (firstInValue(kryo, this)) {
                output.writeInt(fingerprint);
            }
            super.write(kryo, output, object);
        }

        private static Object capturedValue(java.lang.reflect.Field f, Object object) {
            try {
                return f.get(object);
            } catch (IllegalAccessException e) {
                return f; // cannot tell: treated as held
            }
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            if (firstInValue(kryo, this) && input.readInt() != fingerprint) {
                throw CodecFailure.shapeChanged(getType(), shape.isEmpty() ? "none" : shape);
            }
            return super.read(kryo, input, type);
        }
    }

    /** Kryo's record serializer (components by name) with the same check over the record components. */
    static final class Records<T> extends RecordSerializer<T> {
        private final Class<T> type;
        private final int fingerprint;
        private final String shape;

        Records(Class<T> type) {
            super(type);
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            StringJoiner joiner = new StringJoiner(", ");
            // Kryo writes components sorted by name; the fingerprint follows the same order.
            Arrays.stream(components)
                    .sorted(Comparator.comparing(RecordComponent::getName))
                    .forEach(c ->
                            joiner.add(c.getName() + ": " + c.getGenericType().getTypeName()));
            this.shape = joiner.toString();
            this.fingerprint = ShapeChecked.fingerprint(shape);
        }

        @Override
        public void write(Kryo kryo, Output output, T object) {
            if (firstInValue(kryo, this)) {
                output.writeInt(fingerprint);
            }
            super.write(kryo, output, object);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> readType) {
            if (firstInValue(kryo, this) && input.readInt() != fingerprint) {
                throw CodecFailure.shapeChanged(type, shape.isEmpty() ? "none" : shape);
            }
            return super.read(kryo, input, readType);
        }
    }
}
