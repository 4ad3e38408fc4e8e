package dev.lazarus.agent.internal.jfr;

import jdk.jfr.FlightRecorder;

/**
 * Whether the engine's JFR events are worth creating at all.
 *
 * <p>Why: the first instance of any {@code jdk.jfr.Event} class makes the JDK set up its event machinery (in
 * JDK 17 about 280 classes and a few hundred milliseconds on a busy 2-core machine), on the thread that creates
 * it, which for the engine is the application's first durable call. No event can be recorded before the Flight
 * Recorder is initialised, and it is initialised by whatever starts a recording ({@code -XX:StartFlightRecording},
 * {@code jcmd <pid> JFR.start}, the {@code jdk.jfr} API), so until then the events are simply not created. Asking
 * costs one volatile read and loads one class.
 */
public final class JfrGate {
    private JfrGate() {}

    /** @return {@code false} while no recording has ever been started in this JVM: creating events is wasted */
    public static boolean mayRecord() {
        return FlightRecorder.isInitialized();
    }
}
