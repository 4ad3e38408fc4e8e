package dev.lazarus.agent.internal.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
 * executions) and which carry {@code @Retry} (on the method or its class), and what a declared result type
 * is (interface, abstract, enum, record, sealed, its supertypes, a {@code build()} method) so that
 * {@link ResultTypes} can judge it. For the class being instrumented it reads the ASM tree; for other
 * classes it reads their class files through the application's class loader (the JDK's through the
 * platform loader) without loading them, and remembers the answer per loader.
 */
final class CalleeFacts {
    /** The facts about one class. */
    static final class ClassFacts {
        static final ClassFacts NONE = new ClassFacts();

        final Set<String> durable = new HashSet<>();
        final Map<String, AnnotationNode> methodRetry = new HashMap<>();
        AnnotationNode classRetry;
        /** Whether the class file was found: a type that was not can only be judged at run time. */
        boolean found;

        int access;
        String superName;
        final List<String> interfaces = new ArrayList<>();
        /** The permitted subclasses of a sealed class or interface (empty for others). */
        final List<String> permitted = new ArrayList<>();
        /** A public instance {@code build()} without parameters: the mark of a builder. */
        boolean hasBuild;
        /** Generic signatures of the methods that have one, by name and descriptor. */
        final Map<String, String> signatures = new HashMap<>();
        /** The descriptors of the abstract instance methods (an interface's contract), by name. */
        final List<String> abstractMethods = new ArrayList<>();

        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        boolean isAbstract() {
            return (access & Opcodes.ACC_ABSTRACT) != 0;
        }

        boolean isEnum() {
            return (access & Opcodes.ACC_ENUM) != 0 || "java/lang/Enum".equals(superName);
        }

        boolean isRecord() {
            return "java/lang/Record".equals(superName);
        }

        /** The supertypes named in the class file: the superclass, then the interfaces. */
        List<String> supertypes() {
            List<String> all = new ArrayList<>();
            if (superName != null) {
                all.add(superName);
            }
            all.addAll(interfaces);
            return all;
        }

        void method(int methodAccess, String name, String desc, String signature) {
            if (signature != null) {
                signatures.put(name + desc, signature);
            }
            if ((methodAccess & Opcodes.ACC_ABSTRACT) != 0 && (methodAccess & Opcodes.ACC_STATIC) == 0) {
                abstractMethods.add(name + desc);
            }
            if (name.equals("build")
                    && desc.startsWith("()")
                    && !desc.equals("()V")
                    && (methodAccess & Opcodes.ACC_PUBLIC) != 0
                    && (methodAccess & Opcodes.ACC_STATIC) == 0) {
                hasBuild = true;
            }
        }
    }

    /** How many supertypes {@link #isSubtypeOf} visits at most (a bound against a broken hierarchy). */
    private static final int MAX_SUPERTYPES = 64;

    private static final Map<ClassLoader, Map<String, ClassFacts>> BY_LOADER = new WeakHashMap<>();
    /** The JDK's classes are the same for every application loader: read once, through the platform loader. */
    private static final Map<String, ClassFacts> JDK_TYPES = new ConcurrentHashMap<>();

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
        currentFacts.found = true;
        currentFacts.access = current.access;
        currentFacts.superName = current.superName;
        currentFacts.interfaces.addAll(current.interfaces);
        if (current.permittedSubclasses != null) {
            currentFacts.permitted.addAll(current.permittedSubclasses);
        }
        for (MethodNode m : current.methods) {
            currentFacts.method(m.access, m.name, m.desc, m.signature);
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

    /**
     * The facts of any class, the JDK's included, for judging it as a declared result type.
     *
     * @param type internal name
     * @return its facts; {@link ClassFacts#found} is false when its class file cannot be read
     */
    ClassFacts typeOf(String type) {
        if (type.equals(current.name)) {
            return currentFacts;
        }
        if (JdkCatalog.isJdk(type)) {
            return JDK_TYPES.computeIfAbsent(type, t -> read(ClassLoader.getPlatformClassLoader(), t));
        }
        return of(type);
    }

    /**
     * Whether {@code type} is {@code ancestor} or extends or implements it, as far as the class files that
     * can be read say (the JDK's through the platform loader, the application's through its loader): how an
     * application's or a library's own executor, thread factory or queue is recognised by the JDK type it
     * implements. A type whose class file cannot be read is not a subtype of anything but itself.
     *
     * @param type an internal name
     * @param ancestor an internal name
     */
    boolean isSubtypeOf(String type, String ancestor) {
        if (type.equals(ancestor)) {
            return true;
        }
        Deque<String> queue = new ArrayDeque<>(typeOf(type).supertypes());
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty() && seen.size() < MAX_SUPERTYPES) {
            String s = queue.removeFirst();
            if (s.equals(ancestor)) {
                return true;
            }
            if (seen.add(s) && !s.equals("java/lang/Object")) {
                queue.addAll(typeOf(s).supertypes());
            }
        }
        return false;
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
        return cache.computeIfAbsent(owner, o -> read(loader, o));
    }

    private ClassFacts read(ClassLoader from, String owner) {
        try (InputStream in = from.getResourceAsStream(owner + ".class")) {
            if (in == null) {
                return ClassFacts.NONE;
            }
            ClassFacts facts = new ClassFacts();
            facts.found = true;
            new ClassReader(in.readAllBytes())
                    .accept(
                            new ClassVisitor(Opcodes.ASM9) {
                                @Override
                                public void visit(
                                        int version,
                                        int access,
                                        String name,
                                        String signature,
                                        String superName,
                                        String[] interfaces) {
                                    facts.access = access;
                                    facts.superName = superName;
                                    if (interfaces != null) {
                                        facts.interfaces.addAll(List.of(interfaces));
                                    }
                                }

                                @Override
                                public void visitPermittedSubclass(String permittedSubclass) {
                                    facts.permitted.add(permittedSubclass);
                                }

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
                                    facts.method(access, name, desc, sig);
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
