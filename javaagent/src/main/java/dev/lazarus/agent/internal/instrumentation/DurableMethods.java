package dev.lazarus.agent.internal.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Answers "is this callee a {@code @Durable} method?" for the class being instrumented and for other
 * classes, whose class files are read (not loaded) through the application's class loader and
 * remembered per loader.
 */
final class DurableMethods {
    private static final Map<ClassLoader, Map<String, Set<String>>> BY_LOADER = new WeakHashMap<>();

    private final ClassNode current;
    private final ClassLoader loader;

    DurableMethods(ClassNode current, ClassLoader loader) {
        this.current = current;
        this.loader = loader;
    }

    boolean isDurable(String owner, String name, String desc) {
        if (owner.equals(current.name)) {
            for (MethodNode m : current.methods) {
                if (m.name.equals(name) && m.desc.equals(desc)) {
                    return Annotations.isDurable(m);
                }
            }
            return false;
        }
        if (loader == null || JdkCatalog.isJdk(owner) || owner.startsWith("[")) {
            return false;
        }
        return durableIn(owner).contains(name + desc);
    }

    private Set<String> durableIn(String owner) {
        Map<String, Set<String>> cache;
        synchronized (BY_LOADER) {
            cache = BY_LOADER.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
        return cache.computeIfAbsent(owner, this::read);
    }

    private Set<String> read(String owner) {
        try (InputStream in = loader.getResourceAsStream(owner + ".class")) {
            if (in == null) {
                return Set.of();
            }
            Set<String> found = new HashSet<>();
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            if (annotation.equals(Annotations.DURABLE)) {
                                found.add(name + desc);
                            }
                            return null;
                        }
                    };
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return found;
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
