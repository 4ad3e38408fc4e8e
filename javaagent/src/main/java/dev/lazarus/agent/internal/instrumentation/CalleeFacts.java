package dev.lazarus.agent.internal.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
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
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the transparency rule needs to know about callees: which methods are {@code @Durable} (child
 * executions) and which carry {@code @Retry} (on the method or its class). For the class being
 * instrumented it reads the ASM tree; for other classes it reads their class files through the
 * application's class loader (without loading them) and remembers the answer per loader.
 */
final class CalleeFacts {
    /** The facts about one class. */
    static final class ClassFacts {
        static final ClassFacts NONE = new ClassFacts();

        final Set<String> durable = new HashSet<>();
        final Map<String, AnnotationNode> methodRetry = new HashMap<>();
        AnnotationNode classRetry;
    }

    private static final Map<ClassLoader, Map<String, ClassFacts>> BY_LOADER = new WeakHashMap<>();

    private final ClassNode current;
    private final ClassFacts currentFacts;
    private final ClassLoader loader;

    private final ClassificationRules rules;

    CalleeFacts(ClassNode current, ClassLoader loader) {
        this(current, loader, ClassificationRules.none());
    }

    /** @param rules the agent options, whose {@code durable=} makes methods durable without the annotation */
    CalleeFacts(ClassNode current, ClassLoader loader, ClassificationRules rules) {
        this.current = current;
        this.loader = loader;
        this.rules = rules;
        this.currentFacts = new ClassFacts();
        currentFacts.classRetry = Annotations.retry(current.visibleAnnotations);
        for (MethodNode m : current.methods) {
            if (Annotations.isDurable(m) || rules.durableBy(current.name, m.name, m.access) != null) {
                currentFacts.durable.add(m.name + m.desc);
            }
            AnnotationNode retry = Annotations.retry(m.visibleAnnotations);
            if (retry != null) {
                currentFacts.methodRetry.put(m.name + m.desc, retry);
            }
        }
    }

    boolean isDurable(String owner, String name, String desc) {
        return of(owner).durable.contains(name + desc);
    }

    /** @return {@code @Retry} on the callee method, else on its class, else {@code null} */
    AnnotationNode retryOf(String owner, String name, String desc) {
        ClassFacts facts = of(owner);
        AnnotationNode onMethod = facts.methodRetry.get(name + desc);
        return onMethod != null ? onMethod : facts.classRetry;
    }

    private ClassFacts of(String owner) {
        if (owner.equals(current.name)) {
            return currentFacts;
        }
        if (loader == null || JdkCatalog.isJdk(owner) || owner.startsWith("[")) {
            return ClassFacts.NONE;
        }
        Map<String, ClassFacts> cache;
        synchronized (BY_LOADER) {
            cache = BY_LOADER.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
        return cache.computeIfAbsent(owner, this::read);
    }

    private ClassFacts read(String owner) {
        try (InputStream in = loader.getResourceAsStream(owner + ".class")) {
            if (in == null) {
                return ClassFacts.NONE;
            }
            ClassFacts facts = new ClassFacts();
            new ClassReader(in.readAllBytes())
                    .accept(
                            new ClassVisitor(Opcodes.ASM9) {
                                @Override
                                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                                    if (annotation.equals(Annotations.RETRY)) {
                                        facts.classRetry = new AnnotationNode(annotation);
                                        return facts.classRetry;
                                    }
                                    return null;
                                }

                                @Override
                                public MethodVisitor visitMethod(
                                        int access, String name, String desc, String sig, String[] ex) {
                                    if (rules.durableBy(owner, name, access) != null) {
                                        facts.durable.add(name + desc);
                                    }
                                    return new MethodVisitor(Opcodes.ASM9) {
                                        @Override
                                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                                            if (annotation.equals(Annotations.DURABLE)) {
                                                facts.durable.add(name + desc);
                                            } else if (annotation.equals(Annotations.RETRY)) {
                                                AnnotationNode node = new AnnotationNode(annotation);
                                                facts.methodRetry.put(name + desc, node);
                                                return node;
                                            }
                                            return null;
                                        }
                                    };
                                }
                            },
                            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return facts;
        } catch (IOException | RuntimeException e) {
            return ClassFacts.NONE;
        }
    }
}
