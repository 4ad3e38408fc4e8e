package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.util.DefaultClassResolver;
import com.esotericsoftware.kryo.kryo5.util.IntMap;
import com.esotericsoftware.kryo.kryo5.util.ObjectMap;
import java.nio.file.Path;

/**
 * Kryo's class resolver with three changes.
 *
 * <ul>
 *   <li><b>Stand-ins.</b> Throwables and paths are written under the class of a stand-in registered with a fixed id,
 *       and their real class name is written by their serializer. Kryo otherwise resolves the concrete class before
 *       any serializer runs, so an exception whose class was deleted could not be rebuilt as a
 *       {@link RecordedThrowable}, and paths would record {@code sun.nio.fs.UnixPath}.</li>
 *   <li><b>One loader at a time.</b> Kryo caches class-name lookups forever, across calls; pooled instances serve
 *       several application class loaders (one per web application, say), so the cache is dropped whenever the
 *       loader changes, or a name would resolve to another application's class.</li>
 *   <li><b>Missing classes</b> fail with a {@link CodecFailure} naming the class, and there is no fallback to the
 *       loader of Kryo itself (inside the agent, that would find the agent's own copies of libraries).</li>
 * </ul>
 */
final class CodecClassResolver extends DefaultClassResolver {

    private ClassLoader cachedFor;
    /** Set while a {@code Class} object itself is written: {@code Foo.class} as a value must not become a stand-in. */
    private boolean writingClassValue;

    /** Binds the resolver to the loader of this call; see the class comment. */
    void bindLoader(ClassLoader loader) {
        if (loader != cachedFor) {
            if (nameToClass != null) {
                nameToClass.clear();
            }
            cachedFor = loader;
        }
    }

    /** Marks whether the class being written is a value ({@code Foo.class}) rather than the class of an object. */
    void writingClassValue(boolean value) {
        writingClassValue = value;
    }

    @Override
    public Registration writeClass(Output output, Class type) {
        if (type != null && !writingClassValue) {
            // Also covers the class a field or a same-type collection writes before its values, not only
            // writeClassAndObject.
            if (Throwable.class.isAssignableFrom(type)) {
                type = StandIns.ThrowableStandIn.class;
            } else if (Path.class.isAssignableFrom(type)) {
                type = StandIns.PathStandIn.class;
            }
        }
        return super.writeClass(output, type);
    }

    @Override
    protected Registration readName(Input input) {
        // Same as DefaultClassResolver.readName, minus the fallback to Kryo's own loader, plus our failures.
        int nameId = input.readVarInt(true);
        if (nameIdToClass == null) {
            nameIdToClass = new IntMap<>();
        }
        Class type = nameIdToClass.get(nameId);
        if (type == null) {
            String className = input.readString();
            if (className == null || className.isEmpty()) {
                throw CodecFailure.corrupt("a class name is missing");
            }
            type = nameToClass == null ? null : nameToClass.get(className);
            if (type == null) {
                type = load(className, kryo.getClassLoader());
                if (nameToClass == null) {
                    nameToClass = new ObjectMap<>();
                }
                nameToClass.put(className, type);
            }
            nameIdToClass.put(nameId, type);
        }
        return kryo.getRegistration(type);
    }

    /**
     * Loads a class by binary name without initialising it.
     *
     * @throws CodecFailure naming the class if it is missing or cannot be loaded
     */
    static Class<?> load(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw CodecFailure.missingClass(elementName(className), e);
        } catch (LinkageError | RuntimeException e) {
            throw CodecFailure.unloadableClass(elementName(className), e);
        }
    }

    /** {@code com.acme.Foo} for {@code [[Lcom.acme.Foo;}: the user knows the class, not the JVM's array name. */
    private static String elementName(String className) {
        if (!className.startsWith("[")) {
            return className;
        }
        String element = className.substring(className.lastIndexOf('[') + 1);
        return element.startsWith("L") && element.endsWith(";")
                ? element.substring(1, element.length() - 1)
                : className;
    }
}
