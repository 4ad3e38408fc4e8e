package dev.lazarus.agent.internal.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.instrumentation.fixtures.PlainJob;
import dev.lazarus.agent.internal.instrumentation.fixtures.ResearchAgent;
import dev.lazarus.agent.internal.instrumentation.fixtures.SearchService;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;

class DurableClassRewriterTest {
    private final DurableClassRewriter rewriter = new DurableClassRewriter(ClassificationRules.none());

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private DurableClassRewriter.Result rewriteAgent() throws Exception {
        return rewriter.rewrite(getClass().getClassLoader(), bytesOf(ResearchAgent.class));
    }

    private static CallKind kindOf(TransparencyReport report, String method, String callee) {
        List<TransparencyReport.Entry> matches = report.entries().stream()
                .filter(e -> (e.method().startsWith(method + "(") || e.method().startsWith(method + "$"))
                        && e.callee().endsWith(callee))
                .collect(Collectors.toList());
        assertEquals(1, matches.size(), () -> "one call of " + callee + " in " + method + ": " + report.render());
        return matches.get(0).kind();
    }

    @Test
    void classifiesEveryKindOfCallSiteByWhereItsReceiverComesFrom() throws Exception {
        TransparencyReport r = rewriteAgent().report();
        assertEquals(CallKind.JOURNALED, kindOf(r, "research", "SearchService.search"));
        assertEquals(CallKind.RECOMPUTED, kindOf(r, "research", "String.length"));
        assertEquals(CallKind.RECOMPUTED, kindOf(r, "research", "ResearchAgent$Local.add"));
        assertEquals(CallKind.JOURNALED, kindOf(r, "research", "System.currentTimeMillis"));
        assertEquals(CallKind.JOURNALED, kindOf(r, "research", "UUID.randomUUID"));
        assertEquals(CallKind.SILENT, kindOf(r, "research", "PrintStream.println"));
        assertEquals(CallKind.SILENT, kindOf(r, "research", "logging.Logger.info"));
        assertEquals(CallKind.BODY, kindOf(r, "research", "ResearchAgent.helper"));
        assertEquals(CallKind.RECOMPUTED, kindOf(r, "research", "SearchService.staticLookup"));
        assertEquals(CallKind.CHILD, kindOf(r, "research", "ChildAgent.summarize"));
        assertEquals(CallKind.JOURNALED, kindOf(r, "research", "Function.apply"));
        assertEquals(CallKind.RECOMPUTED, kindOf(r, "research", "StringBuilder.append"));
    }

    @Test
    void lambdasAndPrivateHelpersOfTheBodyAreInstrumentedButOtherMethodsAreNot() throws Exception {
        TransparencyReport r = rewriteAgent().report();
        assertEquals(CallKind.JOURNALED, kindOf(r, "lambda$research", "SearchService.scrape"));
        assertEquals(CallKind.JOURNALED, kindOf(r, "helper", "SearchService.scrape"));
        assertEquals(CallKind.TIMER, kindOf(r, "helper", "Thread.sleep"));
        assertTrue(r.entries().stream().noneMatch(e -> e.method().startsWith("notDurable")), r.render());
    }

    @Test
    void boundMethodReferencesToServicesAreJournaledThroughASyntheticMethod() throws Exception {
        DurableClassRewriter.Result result = rewriteAgent();
        assertEquals(CallKind.JOURNALED, kindOf(result.report(), "lazarus$ref$0", "SearchService.scrape"));
        assertTrue(
                result.report().entries().stream()
                        .noneMatch(e -> e.callee().endsWith("String.length")
                                && e.method().startsWith("lazarus$ref")),
                "unbound references to JDK methods stay as they are");
        ClassNode cn = new ClassNode();
        new ClassReader(result.bytes()).accept(cn, 0);
        boolean repointed = false;
        for (AbstractInsnNode n : method(cn, "research").instructions) {
            if (n instanceof InvokeDynamicInsnNode
                    && ((InvokeDynamicInsnNode) n).bsmArgs.length > 1
                    && ((InvokeDynamicInsnNode) n).bsmArgs[1].toString().contains("lazarus$ref$0")) {
                repointed = true;
            }
        }
        assertTrue(repointed, "the reference now points at the synthetic method");
    }

    @Test
    void journaledCallsBecomeInvokedynamicAndTheClassStillVerifies() throws Exception {
        byte[] out = rewriteAgent().bytes();
        assertNotNull(out);
        ClassNode cn = new ClassNode();
        new ClassReader(out).accept(cn, 0);
        for (MethodNode m : cn.methods) {
            new Analyzer<>(new BasicVerifier()).analyze(cn.name, m);
        }
        MethodNode research = method(cn, "research");
        assertTrue(hasIndyTo(research, "search"), "search call rewritten");
        assertFalse(hasCall(research, "dev/lazarus/agent/internal/instrumentation/fixtures/SearchService", "search"));
        assertTrue(
                hasCall(research, "dev/lazarus/agent/internal/instrumentation/fixtures/ChildAgent", "summarize"),
                "child executions keep their plain call: the callee's own entry makes it a child");
        AbstractInsnNode first = research.instructions.getFirst();
        while (first.getOpcode() < 0) {
            first = first.getNext();
        }
        assertEquals("enterBody", ((MethodInsnNode) first).name, "durable method starts with the prologue");
        assertFalse(hasIndyTo(method(cn, "notDurable"), "scrape"), "code outside the body is untouched");
        assertTrue(
                hasCall(method(cn, "helper"), "dev/lazarus/agent/bridge/Bridge", "threadSleep"),
                "Thread.sleep in the body becomes the durable timer");
        assertFalse(hasCall(method(cn, "helper"), "java/lang/Thread", "sleep"));
    }

    @Test
    void constructorsEndInAnInstanceHookLinkedOnceNotInACallToTheBridge() throws Exception {
        ClassNode cn = new ClassNode();
        new ClassReader(rewriteAgent().bytes()).accept(cn, 0);
        MethodNode init = method(cn, "<init>");
        InvokeDynamicInsnNode hook = null;
        for (AbstractInsnNode n : init.instructions) {
            if (n.getOpcode() == Opcodes.INVOKEDYNAMIC) {
                hook = (InvokeDynamicInsnNode) n;
            }
        }
        assertNotNull(hook, "the constructor should end in the hook");
        assertEquals("bootstrapInstanceCreated", hook.bsm.getName());
        assertEquals("(Ljava/lang/Object;)V", hook.desc);
        assertEquals(Opcodes.RETURN, hook.getNext().getOpcode());
        // a plain static call could never become free: the JIT would keep it for the life of the process
        assertFalse(hasCall(init, "dev/lazarus/agent/bridge/Bridge", "instanceCreated"));
    }

    @Test
    void classesWithoutDurableMethodsAreLeftAlone() throws Exception {
        assertNull(rewriter.rewrite(getClass().getClassLoader(), bytesOf(SearchService.class))
                .bytes());
    }

    @Test
    void agentOptionsOverrideTheRule() throws Exception {
        DurableClassRewriter overriding = new DurableClassRewriter(ClassificationRules.of(
                List.of(), List.of("dev.lazarus.agent.internal.instrumentation.fixtures.SearchService#search")));
        TransparencyReport r = overriding
                .rewrite(getClass().getClassLoader(), bytesOf(ResearchAgent.class))
                .report();
        assertEquals(CallKind.RECOMPUTED, kindOf(r, "research", "SearchService.search"));
        assertEquals(CallKind.JOURNALED, kindOf(r, "helper", "SearchService.scrape"));
    }

    private static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static boolean hasIndyTo(MethodNode m, String name) {
        for (AbstractInsnNode n : m.instructions) {
            if (n.getOpcode() == Opcodes.INVOKEDYNAMIC
                    && ((InvokeDynamicInsnNode) n).name.equals(name)
                    && ((InvokeDynamicInsnNode) n).bsm.getName().equals("bootstrapCall")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCall(MethodNode m, String owner, String name) {
        for (AbstractInsnNode n : m.instructions) {
            if (n instanceof MethodInsnNode
                    && ((MethodInsnNode) n).owner.equals(owner)
                    && ((MethodInsnNode) n).name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static DurableClassRewriter.Result rewritePlainJob(String... durable) throws Exception {
        return new DurableClassRewriter(ClassificationRules.none().withDurable(List.of(durable)))
                .rewrite(DurableClassRewriterTest.class.getClassLoader(), bytesOf(PlainJob.class));
    }

    @Test
    void durableOptionMakesMethodsDurableWithoutTheAnnotation() throws Exception {
        assertNull(rewritePlainJob().bytes(), "without durable= a class without @Durable is left alone");

        DurableClassRewriter.Result byMethod = rewritePlainJob(PlainJob.class.getName() + "#run");
        assertNotNull(byMethod.bytes());
        assertEquals(List.of("run(String)"), byMethod.report().durableMethods());
        assertEquals(CallKind.JOURNALED, kindOf(byMethod.report(), "run", "SearchService.search"));

        DurableClassRewriter.Result byClass = rewritePlainJob(PlainJob.class.getName());
        assertEquals(
                List.of("run(String)", "report(String)"),
                byClass.report().durableMethods(),
                "a class pattern takes its non-private methods, not toString, private ones or constructors");
        assertEquals(
                CallKind.CHILD,
                kindOf(byClass.report(), "report", "PlainJob.run"),
                "a call of a method durable= made durable is a child execution");

        DurableClassRewriter.Result byPackage = rewritePlainJob(PlainJob.class.getPackageName() + ".");
        assertEquals(byClass.report().durableMethods(), byPackage.report().durableMethods());
        assertNull(rewritePlainJob("com.example.Other#run").bytes(), "a pattern for another class changes nothing");
    }
}
