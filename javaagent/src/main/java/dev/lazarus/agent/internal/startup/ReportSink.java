package dev.lazarus.agent.internal.startup;

import dev.lazarus.agent.internal.instrumentation.TransparencyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;

/** Where the transparency report of each instrumented class goes ({@code report=stderr|FILE}). */
abstract class ReportSink {
    abstract void publish(TransparencyReport report);

    static ReportSink of(String target, Logger log) {
        if (target.isEmpty()) {
            return new ReportSink() {
                @Override
                void publish(TransparencyReport report) {
                    log.debug("{}", report.render());
                }
            };
        }
        if (target.equals("stderr")) {
            return new ReportSink() {
                @Override
                void publish(TransparencyReport report) {
                    System.err.print(report.render());
                }
            };
        }
        Path file = Paths.get(target);
        return new ReportSink() {
            @Override
            synchronized void publish(TransparencyReport report) {
                try {
                    Files.writeString(
                            file,
                            report.render(),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    log.warn("cannot write the transparency report to {}: {}", file, e.getMessage());
                }
            }
        };
    }
}
