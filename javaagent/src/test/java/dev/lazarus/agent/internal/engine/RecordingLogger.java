package dev.lazarus.agent.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that keeps every line it is given, formatted, for a test to read what the engine said. */
final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final List<String> lines = new ArrayList<>();

    RecordingLogger() {
        this.name = "test";
    }

    /** @return the lines so far, each as {@code LEVEL message} */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return the lines so far that contain {@code text} */
    synchronized List<String> linesWith(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(
            Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        lines.add(level + " " + MessageFormatter.basicArrayFormat(messagePattern, arguments));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
