package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Text from outside the process stays one honest log line. */
class LogTextTest {
    @Test
    void printableTextIsLeftAsItIs() {
        String name = "ev-m2x1 approval für Zoë 🎉.json";
        assertSame(name, LogText.escape(name));
        assertTrue(LogText.isPrintable(name));
    }

    @Test
    void whatCouldForgeOrHideALineIsEscaped() {
        assertEquals("a\\u000ab", LogText.escape("a\nb"), "newline");
        assertEquals("a\\u000db", LogText.escape("a\rb"), "carriage return");
        assertEquals("\\u001b[2J", LogText.escape("\u001b[2J"), "terminal escape");
        assertEquals("\\u202egpj.exe", LogText.escape("\u202egpj.exe"), "right-to-left override");
        assertEquals("a\\u2028b", LogText.escape("a\u2028b"), "line separator");
        assertEquals("a\\u0000b", LogText.escape("a\u0000b"), "NUL");
        assertEquals("x\\ud800y", LogText.escape("x\ud800y"), "a lone surrogate");
        assertFalse(LogText.isPrintable("a\nb"));
    }

    @Test
    void aBackslashIsDoubledSoTheEscapedTextIsUnambiguous() {
        assertEquals("a\\\\u000ab", LogText.escape("a\\u000ab"), "a name that spells an escape");
        assertEquals("null", LogText.escape(null));
    }
}
