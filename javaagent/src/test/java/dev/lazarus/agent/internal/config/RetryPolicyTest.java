package dev.lazarus.agent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.LazarusException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backOffGrowsAndIsCapped() {
        RetryPolicy p = RetryPolicy.of(5, "100ms", "350ms", 2.0, List.of(), List.of());
        assertEquals(100, p.delayAfterMillis(1));
        assertEquals(200, p.delayAfterMillis(2));
        assertEquals(350, p.delayAfterMillis(3));
        assertEquals(350, p.delayAfterMillis(4));
    }

    @Test
    void attemptsRunOutAndAbortOnWinsAndRetryOnLimits() {
        RetryPolicy p = RetryPolicy.of(
                3,
                "1s",
                "1m",
                2.0,
                List.of(IOException.class.getName()),
                List.of(FileNotFoundException.class.getName()));
        assertTrue(p.retries(new IOException(), 1));
        assertTrue(p.retries(new IOException(), 2));
        assertFalse(p.retries(new IOException(), 3), "third attempt was the last");
        assertFalse(p.retries(new FileNotFoundException(), 1), "abortOn stops at once, even for a retryOn subtype");
        assertFalse(p.retries(new IllegalStateException(), 1), "not in retryOn");
        assertTrue(RetryPolicy.of(2, "1s", "1m", 2, List.of(), List.of()).retries(new IllegalStateException(), 1));
    }

    @Test
    void travelsAsOneString() {
        RetryPolicy p = RetryPolicy.of(4, "250ms", "2s", 1.5, List.of("a.B"), List.of("c.D", "e.F"));
        RetryPolicy back = RetryPolicy.decode(p.encode());
        assertEquals(p.encode(), back.encode());
        assertNull(RetryPolicy.decode(""));
    }

    @Test
    void durationsAndBadValuesGiveOneLine() {
        assertEquals(500, Durations.millis("500ms"));
        assertEquals(90_000, Durations.millis("1.5m"));
        assertEquals(7L * 86_400_000, Durations.millis("7d"));
        LazarusException e = assertThrows(LazarusException.class, () -> Durations.millis("5 minutes"));
        assertEquals("LAZ-006", e.code());
        assertThrows(LazarusException.class, () -> RetryPolicy.of(0, "1s", "1m", 2, List.of(), List.of()));
    }

    @Test
    void theAgentOptionOverridesByPattern() {
        AgentConfig c = AgentConfig.parse("retry=com.acme.Api#call:4/200ms/2s/2;org.x.:3", new Properties());
        assertEquals(4, c.retries().get("com.acme.Api#call").maxAttempts());
        assertEquals(200, c.retries().get("com.acme.Api#call").delayAfterMillis(1));
        assertEquals(3, c.retries().get("org.x.").maxAttempts());
        assertThrows(LazarusException.class, () -> AgentConfig.parse("retry=com.acme.Api", new Properties()));
        assertThrows(LazarusException.class, () -> AgentConfig.parse("retry=a.B:x/1s", new Properties()));
    }
}
