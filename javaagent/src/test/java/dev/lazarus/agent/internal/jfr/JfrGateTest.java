package dev.lazarus.agent.internal.jfr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

/**
 * Events are created once a recording runs, however it was started; the API is tested here, the command-line
 * flag by the it-tests' FlightRecorderTest ({@code jcmd JFR.start} initialises the recorder the same way).
 */
class JfrGateTest {

    @Test
    void aRecordingStartedAtRunTimeTurnsEventsOn() {
        try (Recording recording = new Recording()) {
            recording.enable(JournaledCallEvent.class);
            recording.start();
            assertTrue(JfrGate.mayRecord());
            JournaledCallEvent event = new JournaledCallEvent();
            assertTrue(event.isEnabled(), "the gate opens no later than the events themselves");
        }
    }
}
