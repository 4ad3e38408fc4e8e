package dev.lazarus.agent.internal.instrumentation.validation;

import dev.lazarus.agent.internal.instrumentation.ClassificationRules;
import dev.lazarus.agent.internal.instrumentation.DurableClassRewriter;
import dev.lazarus.agent.internal.instrumentation.TransparencyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * Runs the agent's class rewriter on every class one compiler made from the fixtures, as the agent would
 * when the application loads them (callee facts are read through a class loader over the same classes),
 * and collects each call site's classification and each warning, placed on fixture lines. A rewriter that
 * throws, or writes a method that does not verify, is a failure of the class it was given.
 */
final class InstrumentedFixtures {
    /** Where a warning names its line: {@code File.java:42} or {@code File.kt:42}. */
    private static final Pattern LOCATION = Pattern.compile("([\\w$-]+\\.(?:java|kt)):(-?\\d+)");

    private final FixtureCompiler.Compiled compiled;
    private final List<ClassifiedSite> sites = new ArrayList<>();
    private final List<PlacedWarning> warnings = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private InstrumentedFixtures(FixtureCompiler.Compiled compiled) {
        this.compiled = compiled;
    }

    /**
     * @param compiled what a compiler made
     * @param sources the fixture files by name (for their class-file-version markers)
     * @param rules the agent options' overrides
     */
    static InstrumentedFixtures of(
            FixtureCompiler.Compiled compiled, Map<String, FixtureSource> sources, ClassificationRules rules)
            throws IOException {
        InstrumentedFixtures result = new InstrumentedFixtures(compiled);
        DurableClassRewriter rewriter = new DurableClassRewriter(rules);
        try (URLClassLoader loader = new URLClassLoader(
                        new URL[] {compiled.classes().toUri().toURL()}, InstrumentedFixtures.class.getClassLoader());
                Stream<Path> files = Files.walk(compiled.classes())) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                result.instrument(rewriter, loader, Files.readAllBytes(file), sources);
            }
        }
        return result;
    }

    private void instrument(
            DurableClassRewriter rewriter, ClassLoader loader, byte[] bytes, Map<String, FixtureSource> sources) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, ClassReader.SKIP_CODE);
        String file = cn.sourceFile == null ? cn.name + ".class" : cn.sourceFile;
        FixtureSource source = sources.get(file);
        if (source != null && source.classFileVersion() != null) {
            bytes = bytes.clone();
            bytes[6] = (byte) (source.classFileVersion() >> 8);
            bytes[7] = source.classFileVersion().byteValue();
        }
        if (source != null && source.withoutSourceFile()) {
            bytes = withoutSourceFile(bytes);
        }
        SourceMap map = SourceMap.of(cn.sourceDebug);
        DurableClassRewriter.Result result;
        try {
            result = rewriter.rewrite(loader, bytes);
        } catch (Exception | LinkageError e) {
            failures.add("the rewriter failed on " + cn.name.replace('/', '.') + " (" + file + "): " + stackTrace(e));
            return;
        }
        for (String w : result.warnings()) {
            Matcher m = LOCATION.matcher(w);
            if (m.find()) {
                warnings.add(new PlacedWarning(m.group(1), map.sourceLine(Integer.parseInt(m.group(2))), w));
            } else {
                warnings.add(new PlacedWarning(file, 0, w));
            }
        }
        if (result.report() != null) {
            for (TransparencyReport.Entry e : result.report().entries()) {
                int colon = e.location().lastIndexOf(':');
                // a class without SourceFile is reported as ":42"; the fixture is the file it came from
                String reportedFile = colon == 0 ? file : e.location().substring(0, colon);
                int line = map.sourceLine(Integer.parseInt(e.location().substring(colon + 1)));
                int retry = e.reason().indexOf(ClassifiedSite.RETRIED);
                String reason = retry < 0 ? e.reason() : e.reason().substring(0, retry);
                sites.add(new ClassifiedSite(reportedFile, line, e.method(), e.callee(), e.kind(), reason, retry >= 0));
            }
        }
        if (result.bytes() != null) {
            verify(cn.name, result.bytes());
        }
    }

    private static byte[] withoutSourceFile(byte[] bytes) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9, writer) {
                            @Override
                            public void visitSource(String source, String debug) {
                                super.visitSource(null, debug);
                            }
                        },
                        0);
        return writer.toByteArray();
    }

    /** The rewritten class must still be well-formed: every method passes ASM's type-inferring verifier. */
    private void verify(String className, byte[] rewritten) {
        ClassNode out = new ClassNode();
        new ClassReader(rewritten).accept(out, 0);
        for (MethodNode m : out.methods) {
            try {
                new Analyzer<>(new BasicVerifier()).analyze(out.name, m);
            } catch (AnalyzerException e) {
                failures.add("the rewritten " + className.replace('/', '.') + "." + m.name + m.desc
                        + " does not verify: " + e.getMessage());
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** @return what was compiled */
    FixtureCompiler.Compiled compiled() {
        return compiled;
    }

    /** @return every classified call site */
    List<ClassifiedSite> sites() {
        return sites;
    }

    /** @return every warning */
    List<PlacedWarning> warnings() {
        return warnings;
    }

    /** @return classes the rewriter threw on or wrote wrong */
    List<String> failures() {
        return failures;
    }
}
