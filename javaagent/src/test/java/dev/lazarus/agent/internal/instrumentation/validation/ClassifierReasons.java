package dev.lazarus.agent.internal.instrumentation.validation;

import dev.lazarus.agent.internal.instrumentation.CallKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The rules of the instrumentation package, read from its own class files so that a rule added there is
 * known here without anyone listing it: every place that makes a {@code Classification} (a kind and the
 * text of its reason) and every text added to a list of warnings. A text is kept as a template whose
 * {@link #HOLE}s stand for what is only known at instrumentation (a class name, a field); templates are
 * followed through locals, parameters (to the callers in the same class), string concatenation and calls
 * of methods of the package that return text.
 */
final class ClassifierReasons {
    /** Stands for a part of a text that is only known when a class is instrumented. */
    static final char HOLE = '\u0001';

    private static final String WILD = String.valueOf(HOLE);
    private static final int MAX_TEMPLATES = 64;
    private static final int MAX_DEPTH = 16;

    /** A classification rule: the kind it gives and the template of its reason. */
    record Rule(CallKind kind, String template) {
        /** @return whether a call site classified so is one this rule made */
        boolean matches(CallKind actualKind, String reason) {
            return (kind == null || kind == actualKind) && matchesTemplate(template, reason);
        }

        @Override
        public String toString() {
            return (kind == null ? "any kind" : kind.name()) + " \"" + readable(template) + "\"";
        }
    }

    private final String packageName;
    private final Map<String, ClassNode> classes;
    private final Map<MethodNode, Frame<SourceValue>[]> frames = new HashMap<>();

    private ClassifierReasons(String packageName, Map<String, ClassNode> classes) {
        this.packageName = packageName;
        this.classes = classes;
    }

    /** Reads the class files of the package {@link CallKind} belongs to. */
    static ClassifierReasons ofInstrumentationPackage() {
        String internal = CallKind.class.getName().replace('.', '/');
        String pkg = internal.substring(0, internal.lastIndexOf('/') + 1);
        Map<String, ClassNode> classes = new HashMap<>();
        try {
            Path dir = Path.of(CallKind.class.getResource("CallKind.class").toURI())
                    .getParent();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                    ClassNode cn = new ClassNode();
                    try (InputStream in = Files.newInputStream(f)) {
                        new ClassReader(in).accept(cn, ClassReader.SKIP_FRAMES);
                    }
                    classes.put(cn.name, cn);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("the instrumentation package is not a directory of class files", e);
        }
        return new ClassifierReasons(pkg, classes);
    }

    /** @return every classification rule: one per kind and reason template, most specific first */
    List<Rule> classificationRules() {
        Set<Rule> rules = new LinkedHashSet<>();
        String classification = packageName + "Classification";
        forEachCall((cn, m, call, frame) -> {
            if (call.getOpcode() == Opcodes.INVOKESTATIC
                    && call.owner.equals(classification)
                    && call.name.equals("of")) {
                int top = frame.getStackSize() - 1;
                CallKind kind = kindOf(frame.getStack(top - 1));
                for (String template : strings(cn, m, frame.getStack(top), 0, new HashSet<>())) {
                    rules.add(new Rule(kind, template));
                }
            }
        });
        return sortedBySpecificity(rules, Rule::template);
    }

    /** @return the templates of every warning text the package adds to a list, most specific first */
    List<String> warningTemplates() {
        Set<String> templates = new LinkedHashSet<>();
        forEachCall((cn, m, call, frame) -> {
            if (call.owner.equals("java/util/List")
                    && call.name.equals("add")
                    && call.desc.equals("(Ljava/lang/Object;)Z")) {
                for (String t : strings(cn, m, frame.getStack(frame.getStackSize() - 1), 0, new HashSet<>())) {
                    if (t.chars().filter(Character::isLetter).count() >= 3) {
                        templates.add(t);
                    }
                }
            }
        });
        return sortedBySpecificity(templates, t -> t);
    }

    /** @return the most specific template the text matches (the one with the most fixed text), or {@code null} */
    static <T> T mostSpecific(List<T> sortedTemplates, java.util.function.Predicate<T> matches) {
        for (T t : sortedTemplates) {
            if (matches.test(t)) {
                return t;
            }
        }
        return null;
    }

    static boolean matchesTemplate(String template, String text) {
        return Pattern.compile(
                        Stream.of(template.split(WILD, -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
                        Pattern.DOTALL)
                .matcher(text)
                .matches();
    }

    static String readable(String template) {
        return template.replace(HOLE, '…');
    }

    private static <T> List<T> sortedBySpecificity(Collection<T> items, java.util.function.Function<T, String> text) {
        List<T> sorted = new ArrayList<>(items);
        // most fixed text first; of two with as much, the one with fewer holes (":…" before "…:…")
        sorted.sort(Comparator.comparingInt(
                        (T t) -> -text.apply(t).replace(WILD, "").length())
                .thenComparingInt(t -> text.apply(t).length()));
        return sorted;
    }

    private interface CallVisitor {
        void visit(ClassNode cn, MethodNode m, MethodInsnNode call, Frame<SourceValue> frame);
    }

    private void forEachCall(CallVisitor visitor) {
        for (ClassNode cn : classes.values()) {
            for (MethodNode m : cn.methods) {
                Frame<SourceValue>[] f = frames(cn, m);
                for (int i = 0; i < m.instructions.size(); i++) {
                    if (m.instructions.get(i) instanceof MethodInsnNode && f[i] != null) {
                        visitor.visit(cn, m, (MethodInsnNode) m.instructions.get(i), f[i]);
                    }
                }
            }
        }
    }

    private static CallKind kindOf(SourceValue value) {
        CallKind kind = null;
        for (AbstractInsnNode insn : value.insns) {
            if (insn.getOpcode() != Opcodes.GETSTATIC || !((FieldInsnNode) insn).desc.endsWith("/CallKind;")) {
                return null;
            }
            CallKind k = CallKind.valueOf(((FieldInsnNode) insn).name);
            if (kind != null && kind != k) {
                return null;
            }
            kind = k;
        }
        return kind;
    }

    /** The templates of the texts a value can be; {@link #WILD} for what is only known at run time. */
    private Set<String> strings(ClassNode cn, MethodNode m, SourceValue value, int depth, Set<AbstractInsnNode> path) {
        Set<String> out = new LinkedHashSet<>();
        if (value.insns.isEmpty() || depth > MAX_DEPTH) {
            out.add(WILD);
            return out;
        }
        for (AbstractInsnNode insn : value.insns) {
            if (!path.add(insn)) {
                out.add(WILD);
                continue;
            }
            out.addAll(stringsFrom(cn, m, insn, depth + 1, path));
            path.remove(insn);
        }
        return capped(out);
    }

    private Set<String> stringsFrom(
            ClassNode cn, MethodNode m, AbstractInsnNode insn, int depth, Set<AbstractInsnNode> path) {
        Frame<SourceValue> frame = frames(cn, m)[m.instructions.indexOf(insn)];
        if (insn instanceof LdcInsnNode && ((LdcInsnNode) insn).cst instanceof String) {
            return Set.of((String) ((LdcInsnNode) insn).cst);
        }
        if (insn.getOpcode() == Opcodes.ACONST_NULL) {
            return Set.of();
        }
        if (insn.getOpcode() == Opcodes.CHECKCAST) {
            return strings(cn, m, frame.getStack(frame.getStackSize() - 1), depth, path);
        }
        if (insn instanceof InvokeDynamicInsnNode
                && ((InvokeDynamicInsnNode) insn).bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
            return concatenation(cn, m, (InvokeDynamicInsnNode) insn, frame, depth, path);
        }
        if (insn.getOpcode() == Opcodes.ALOAD) {
            SourceValue local = frame.getLocal(((VarInsnNode) insn).var);
            if (local.insns.isEmpty()) {
                return parameter(cn, m, ((VarInsnNode) insn).var, depth, path);
            }
            Set<String> out = new LinkedHashSet<>();
            for (AbstractInsnNode store : local.insns) {
                if (store.getOpcode() == Opcodes.ASTORE) {
                    Frame<SourceValue> before = frames(cn, m)[m.instructions.indexOf(store)];
                    out.addAll(strings(cn, m, before.getStack(before.getStackSize() - 1), depth, path));
                } else {
                    out.add(WILD);
                }
            }
            return out;
        }
        if (insn instanceof MethodInsnNode) {
            return returned((MethodInsnNode) insn, depth, path);
        }
        return Set.of(WILD);
    }

    /** {@code "a" + x + "b"}: the recipe's constants with each argument's templates in its holes. */
    private Set<String> concatenation(
            ClassNode cn,
            MethodNode m,
            InvokeDynamicInsnNode indy,
            Frame<SourceValue> frame,
            int depth,
            Set<AbstractInsnNode> path) {
        Type[] args = Type.getArgumentTypes(indy.desc);
        String recipe = indy.bsm.getName().equals("makeConcatWithConstants")
                ? (String) indy.bsmArgs[0]
                : WILD.repeat(args.length);
        int base = frame.getStackSize() - args.length;
        int arg = 0;
        int constant = 1;
        Set<String> prefixes = new LinkedHashSet<>(List.of(""));
        for (char c : recipe.toCharArray()) {
            Set<String> parts;
            if (c == HOLE) {
                Type t = args[arg];
                parts = t.getSort() == Type.OBJECT && t.getInternalName().equals("java/lang/String")
                        ? strings(cn, m, frame.getStack(base + arg), depth, path)
                        : Set.of(WILD);
                arg++;
            } else if (c == '\u0002') {
                parts = Set.of(String.valueOf(indy.bsmArgs[constant++]));
            } else {
                parts = Set.of(String.valueOf(c));
            }
            Set<String> next = new LinkedHashSet<>();
            for (String p : prefixes) {
                for (String s : parts) {
                    next.add((p + s).replace(WILD + WILD, WILD));
                }
            }
            prefixes = capped(next);
        }
        return prefixes;
    }

    /** A parameter: whatever the callers in the same class pass. */
    private Set<String> parameter(ClassNode cn, MethodNode m, int slot, int depth, Set<AbstractInsnNode> path) {
        Type[] params = Type.getArgumentTypes(m.desc);
        int s = (m.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        int index = -1;
        for (int i = 0; i < params.length; i++) {
            if (s == slot) {
                index = i;
            }
            s += params[i].getSize();
        }
        Set<String> out = new LinkedHashSet<>();
        if (index < 0) {
            out.add(WILD);
            return out;
        }
        for (MethodNode caller : cn.methods) {
            Frame<SourceValue>[] f = frames(cn, caller);
            for (int i = 0; i < caller.instructions.size(); i++) {
                AbstractInsnNode insn = caller.instructions.get(i);
                if (insn instanceof MethodInsnNode
                        && f[i] != null
                        && ((MethodInsnNode) insn).owner.equals(cn.name)
                        && ((MethodInsnNode) insn).name.equals(m.name)
                        && ((MethodInsnNode) insn).desc.equals(m.desc)) {
                    int stackIndex = f[i].getStackSize() - params.length + index;
                    out.addAll(strings(cn, caller, f[i].getStack(stackIndex), depth, path));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(WILD);
        }
        return out;
    }

    /** The value of a call: what a method of the package returns; anything else is only known at run time. */
    private Set<String> returned(MethodInsnNode call, int depth, Set<AbstractInsnNode> path) {
        ClassNode owner = classes.get(call.owner);
        if (owner == null || !Type.getReturnType(call.desc).getDescriptor().equals("Ljava/lang/String;")) {
            return Set.of(WILD);
        }
        Set<String> out = new LinkedHashSet<>();
        for (MethodNode m : owner.methods) {
            if (m.name.equals(call.name) && m.desc.equals(call.desc) && m.instructions.size() > 0) {
                Frame<SourceValue>[] f = frames(owner, m);
                for (int i = 0; i < m.instructions.size(); i++) {
                    if (m.instructions.get(i).getOpcode() == Opcodes.ARETURN && f[i] != null) {
                        out.addAll(strings(owner, m, f[i].getStack(f[i].getStackSize() - 1), depth, path));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            out.add(WILD);
        }
        return out;
    }

    private static Set<String> capped(Set<String> templates) {
        return templates.size() <= MAX_TEMPLATES ? templates : new LinkedHashSet<>(List.of(WILD));
    }

    private Frame<SourceValue>[] frames(ClassNode cn, MethodNode m) {
        return frames.computeIfAbsent(m, key -> {
            try {
                return new Analyzer<>(new SourceInterpreter()).analyze(cn.name, m);
            } catch (AnalyzerException e) {
                throw new IllegalStateException("cannot analyse " + cn.name + "." + m.name, e);
            }
        });
    }
}
