package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.kryo5.serializers.ImmutableSerializer;
import java.io.File;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Small serializers for values Kryo's defaults get wrong or should not touch. */
final class ValueSerializers {

    private ValueSerializers() {}

    /**
     * Registered for every type on the {@link DenyList}: writing (or reading) such a value fails with a
     * {@link CodecFailure} that Kryo's field serializers decorate with the field path on the way out.
     */
    static final class Denied extends Serializer<Object> {
        private final Class<?> type;
        private final DenyList.Denial denial;

        Denied(Class<?> type, DenyList.Denial denial) {
            this.type = type;
            this.denial = denial;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            Class<?> actual = object.getClass();
            if (Proxy.isProxyClass(actual)) {
                // Kryo looks proxies up as InvocationHandler; say what the user actually passed.
                throw CodecFailure.denied(
                        actual,
                        "a dynamic proxy (usually a client or service stub), not data; journaled "
                                + "values must be plain data: pass what it stands for (an id, a URL) instead, or mark the field transient");
            }
            boolean listedItself = actual.getName().equals(denial.listedType());
            throw CodecFailure.denied(
                    actual, (listedItself ? "" : "it is a " + denial.listedType() + ", ") + denial.reason());
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> ignored) {
            // Only a corrupt or forged journal names such a class: never instantiate it.
            throw CodecFailure.of(
                    true,
                    type.getName(),
                    "values of this class are never journaled (" + denial.what() + "); the bytes are corrupt",
                    null);
        }
    }

    /**
     * Kryo's closure serializer, but a lambda that is not {@link Serializable} fails with a message naming where it
     * was created: such a lambda has no {@code writeReplace}, and Kryo would fail with "Error writing closure".
     */
    static final class Closures extends ClosureSerializer {
        @Override
        public void write(Kryo kryo, Output output, Object object) {
            if (!(object instanceof Serializable)) {
                String name = object.getClass().getName();
                int at = name.indexOf("$$Lambda");
                String creator = at > 0 ? name.substring(0, at) : name;
                throw CodecFailure.denied(
                        object.getClass(),
                        "it is a lambda or method reference created in " + creator
                                + " that is not Serializable, so it cannot be rebuilt in another JVM; journal the data it works on "
                                + "instead, or make its target type Serializable (e.g. cast to (Runnable & Serializable))");
            }
            super.write(kryo, output, object);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkArrayPrefix(input, 1); // captured-argument count
            return super.read(kryo, input, type);
        }
    }

    /** {@code Foo.class} as a value: Kryo's, except that such a class is never replaced by a stand-in. */
    static final class ClassValues extends DefaultSerializers.ClassSerializer {
        @Override
        public void write(Kryo kryo, Output output, Class type) {
            CodecClassResolver resolver = (CodecClassResolver) kryo.getClassResolver();
            resolver.writingClassValue(true);
            try {
                super.write(kryo, output, type);
            } finally {
                resolver.writingClassValue(false);
            }
        }
    }

    /**
     * Enums by constant name, not ordinal: reordering or inserting constants is an ordinary code change, and with
     * ordinals a replay would silently get another constant. A removed constant fails naming the enum and constant.
     */
    static final class EnumNames extends ImmutableSerializer<Enum<?>> {
        private final Class<? extends Enum<?>> enumType;

        @SuppressWarnings("unchecked")
        EnumNames(Class<?> type) {
            Class<?> t = type;
            while (t != null && !t.isEnum()) {
                t = t.getSuperclass(); // a constant with a body is an anonymous subclass
            }
            if (t == null) {
                throw new IllegalArgumentException("not an enum: " + type.getName());
            }
            this.enumType = (Class<? extends Enum<?>>) t;
        }

        @Override
        public void write(Kryo kryo, Output output, Enum<?> object) {
            output.writeString(object.name());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Enum<?> read(Kryo kryo, Input input, Class<? extends Enum<?>> ignored) {
            // ignored: EnumSet reads its elements with a null type
            String name = input.readString();
            if (name == null) {
                throw CodecFailure.corrupt("an enum constant without a name");
            }
            try {
                return Enum.valueOf((Class) enumType, name);
            } catch (IllegalArgumentException e) {
                throw CodecFailure.missingEnumConstant(enumType, name);
            }
        }
    }

    /**
     * Paths as text, not as their object graph (which is the file system provider and its open state). A path of
     * the default file system is written as its string, so relative paths stay relative; any other (a zip file
     * system, say) as its URI, which needs that file system to be open again when it is read.
     */
    static final class Paths extends ImmutableSerializer<Path> {
        @Override
        public void write(Kryo kryo, Output output, Path path) {
            boolean isDefault = path.getFileSystem() == FileSystems.getDefault();
            output.writeBoolean(isDefault);
            output.writeString(isDefault ? path.toString() : path.toUri().toString());
        }

        @Override
        public Path read(Kryo kryo, Input input, Class<? extends Path> ignored) {
            boolean isDefault = input.readBoolean();
            String text = input.readString();
            if (text == null) {
                throw CodecFailure.corrupt("a path without text");
            }
            try {
                return isDefault ? Path.of(text) : Path.of(URI.create(text));
            } catch (RuntimeException e) {
                throw CodecFailure.of(
                        true,
                        Path.class.getName(),
                        "the path " + text + " cannot be rebuilt: " + Failures.oneLine(e),
                        e);
            }
        }
    }

    /** Files as their path string; their fields are private to {@code java.io}. */
    static final class Files extends ImmutableSerializer<File> {
        @Override
        public void write(Kryo kryo, Output output, File file) {
            output.writeString(file.getPath());
        }

        @Override
        public File read(Kryo kryo, Input input, Class<? extends File> ignored) {
            String path = input.readString();
            if (path == null) {
                throw CodecFailure.corrupt("a file without a path");
            }
            return new File(path);
        }
    }

    /**
     * IP addresses as bytes plus the host name if one is known, never resolving anything: a serializer must not do
     * DNS lookups, and the holder objects inside {@code InetAddress} are private to {@code java.net}.
     */
    static final class InetAddresses extends ImmutableSerializer<InetAddress> {
        @Override
        public void write(Kryo kryo, Output output, InetAddress address) {
            // toString() is "hostname/literal" with an empty host name when none is known, and does no lookup.
            String text = address.toString();
            int slash = text.indexOf('/');
            String host = slash > 0 ? text.substring(0, slash) : null;
            output.writeString(host);
            byte[] bytes = address.getAddress();
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
            output.writeVarInt(address instanceof Inet6Address ? ((Inet6Address) address).getScopeId() : 0, true);
        }

        @Override
        public InetAddress read(Kryo kryo, Input input, Class<? extends InetAddress> ignored) {
            String host = input.readString();
            byte[] bytes = input.readBytes(BoundedInput.checkCount(input, input.readVarInt(true)));
            int scope = input.readVarInt(true);
            try {
                return scope != 0 && bytes.length == 16
                        ? Inet6Address.getByAddress(host, bytes, scope)
                        : InetAddress.getByAddress(host, bytes);
            } catch (UnknownHostException e) {
                throw CodecFailure.corrupt("an IP address of " + bytes.length + " bytes");
            }
        }
    }

    /** Socket addresses: unresolved ones stay unresolved (no lookup), resolved ones keep their address. */
    static final class InetSocketAddresses extends ImmutableSerializer<InetSocketAddress> {
        @Override
        public void write(Kryo kryo, Output output, InetSocketAddress address) {
            output.writeBoolean(address.isUnresolved());
            if (address.isUnresolved()) {
                output.writeString(address.getHostString());
            } else {
                kryo.writeObject(output, address.getAddress());
            }
            output.writeVarInt(address.getPort(), true);
        }

        @Override
        public InetSocketAddress read(Kryo kryo, Input input, Class<? extends InetSocketAddress> ignored) {
            boolean unresolved = input.readBoolean();
            String host = unresolved ? input.readString() : null;
            InetAddress address = unresolved ? null : kryo.readObject(input, InetAddress.class);
            int port = input.readVarInt(true);
            try {
                return unresolved
                        ? InetSocketAddress.createUnresolved(host, port)
                        : new InetSocketAddress(address, port);
            } catch (IllegalArgumentException e) {
                throw CodecFailure.corrupt("a socket address with port " + port);
            }
        }
    }

    /** {@link LongAdder}'s state is in transient cells that the field serializer skips: record the sum. */
    static final class LongAdders extends Serializer<LongAdder> {
        @Override
        public void write(Kryo kryo, Output output, LongAdder adder) {
            output.writeVarLong(adder.sum(), false);
        }

        @Override
        public LongAdder read(Kryo kryo, Input input, Class<? extends LongAdder> ignored) {
            LongAdder adder = new LongAdder();
            adder.add(input.readVarLong(false));
            return adder;
        }
    }

    /** {@link DoubleAdder}: as {@link LongAdders}. */
    static final class DoubleAdders extends Serializer<DoubleAdder> {
        @Override
        public void write(Kryo kryo, Output output, DoubleAdder adder) {
            output.writeDouble(adder.sum());
        }

        @Override
        public DoubleAdder read(Kryo kryo, Input input, Class<? extends DoubleAdder> ignored) {
            DoubleAdder adder = new DoubleAdder();
            adder.add(input.readDouble());
            return adder;
        }
    }

    /**
     * {@link EnumMap}: Kryo's map serializer would create one without its key type (it has no no-argument
     * constructor) and fail on the first put. The key type is written first; for an empty map it can only be read
     * from the private {@code keyType} field, which needs {@code java.util} open.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class EnumMaps extends Serializer<EnumMap> {
        private static volatile Field keyTypeField;

        @Override
        public void write(Kryo kryo, Output output, EnumMap map) {
            Class<?> keyType = map.isEmpty()
                    ? keyTypeOf(map)
                    : ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass();
            CodecClassResolver resolver = (CodecClassResolver) kryo.getClassResolver();
            resolver.writingClassValue(true);
            try {
                kryo.writeClass(output, keyType);
            } finally {
                resolver.writingClassValue(false);
            }
            output.writeVarInt(map.size(), true);
            for (Object o : map.entrySet()) {
                Map.Entry e = (Map.Entry) o;
                output.writeString(((Enum<?>) e.getKey()).name());
                try {
                    kryo.writeClassAndObject(output, e.getValue());
                } catch (KryoException ex) {
                    ex.addTrace("[" + ((Enum<?>) e.getKey()).name() + "] (" + EnumMap.class.getName() + ")");
                    throw ex;
                }
            }
        }

        private static Class<?> keyTypeOf(EnumMap map) {
            try {
                Field f = keyTypeField;
                if (f == null) {
                    f = EnumMap.class.getDeclaredField("keyType");
                    f.setAccessible(true);
                    keyTypeField = f;
                }
                return (Class<?>) f.get(map);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw CodecFailure.of(
                        false,
                        EnumMap.class.getName(),
                        "the key type of an empty EnumMap cannot be read (" + Failures.oneLine(e)
                                + "); is java.util opened to the agent?",
                        e);
            }
        }

        @Override
        public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> ignored) {
            com.esotericsoftware.kryo.kryo5.Registration registration = kryo.readClass(input);
            Class keyType = registration == null ? null : registration.getType();
            if (keyType == null || !keyType.isEnum()) {
                throw CodecFailure.corrupt("an EnumMap without an enum key type");
            }
            EnumMap map = new EnumMap(keyType);
            kryo.reference(map);
            int size = BoundedInput.checkCount(input, input.readVarInt(true));
            for (int i = 0; i < size; i++) {
                String name = input.readString();
                Enum key;
                try {
                    key = Enum.valueOf(keyType, name);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw CodecFailure.missingEnumConstant(keyType, String.valueOf(name));
                }
                map.put(key, kryo.readClassAndObject(input));
            }
            return map;
        }
    }
}
