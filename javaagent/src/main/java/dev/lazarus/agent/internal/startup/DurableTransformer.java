package dev.lazarus.agent.internal.startup;

import dev.lazarus.agent.internal.instrumentation.DurableClassRewriter;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.slf4j.Logger;

/**
 * Hands every application class that mentions {@code @Durable} to the rewriter. JDK classes, classes
 * of the bootstrap loader and the agent's own classes are never touched; classes without the
 * annotation are left byte-for-byte as they are (a scan of their constant pool is all they cost).
 */
final class DurableTransformer implements ClassFileTransformer {
    private final DurableClassRewriter rewriter;
    private final ReportSink reports;
    private final Logger log;

    DurableTransformer(DurableClassRewriter rewriter, ReportSink reports, Logger log) {
        this.rewriter = rewriter;
        this.reports = reports;
        this.log = log;
    }

    @Override
    public byte[] transform(
            ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (loader == null || className == null || redefined != null || isExcluded(className)) {
            return null;
        }
        try {
            DurableClassRewriter.Result result = rewriter.rewrite(loader, bytes);
            for (String warning : result.warnings()) {
                log.warn("{}", warning);
            }
            if (result.report() != null) {
                reports.publish(result.report());
            }
            return result.bytes();
        } catch (Throwable t) {
            log.error(
                    "LAZ-010: could not instrument {}: {}; its @Durable methods run as plain code, NOT durably."
                            + " Please report this with the class file",
                    className.replace('/', '.'),
                    t.toString());
            return null;
        }
    }

    private static boolean isExcluded(String className) {
        return className.startsWith("java/")
                || className.startsWith("jdk/")
                || className.startsWith("sun/")
                || className.startsWith("com/sun/")
                || className.startsWith("dev/lazarus/agent/");
    }
}
