package dev.lazarus.agent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.LazarusException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void defaultsFollowTheSpec() {
        AgentConfig c = AgentConfig.parse(null, new Properties());
        assertEquals(Paths.get("./lazarus-journal"), c.journal());
        assertEquals("fsync", c.durability());
        assertEquals(AgentConfig.Recovery.AUTO, c.recover());
        assertEquals(10, c.maxRecoveries());
        assertFalse(c.selfCheck(), "the self-check mode is off unless asked for");
    }

    @Test
    void selfCheckIsReplayOrOff() {
        assertTrue(AgentConfig.parse("selfcheck=replay", new Properties()).selfCheck());
        Properties p = new Properties();
        p.setProperty("lazarus.selfcheck", "replay");
        assertTrue(AgentConfig.parse(null, p).selfCheck());
        assertFalse(AgentConfig.parse("selfcheck=off", new Properties()).selfCheck());
        LazarusException bad =
                assertThrows(LazarusException.class, () -> AgentConfig.parse("selfcheck=yes", new Properties()));
        assertTrue(bad.getMessage().contains("selfcheck=yes is not one of off|replay"), bad.getMessage());
    }

    @Test
    void agentArgumentsWinOverSystemProperties() {
        Properties p = new Properties();
        p.setProperty("lazarus.journal", "/from/property");
        p.setProperty("lazarus.recover", "manual");
        AgentConfig c = AgentConfig.parse("journal=/from/arg,journaled=com.acme.;org.x.Client#send", p);
        assertEquals(Paths.get("/from/arg"), c.journal());
        assertEquals(AgentConfig.Recovery.MANUAL, c.recover());
        assertEquals(List.of("com.acme.", "org.x.Client#send"), c.journaled());
    }

    @Test
    void badOptionsAreRefusedWithOneLineNamingTheOption() {
        LazarusException unknown =
                assertThrows(LazarusException.class, () -> AgentConfig.parse("jornal=x", new Properties()));
        assertTrue(unknown.getMessage().contains("unknown option 'jornal'"), unknown.getMessage());
        LazarusException badValue =
                assertThrows(LazarusException.class, () -> AgentConfig.parse("durability=sometimes", new Properties()));
        assertTrue(badValue.getMessage().contains("durability=sometimes"), badValue.getMessage());
        assertEquals("LAZ-003", badValue.code());
        assertThrows(LazarusException.class, () -> AgentConfig.parse("maxRecoveries=0", new Properties()));
        assertThrows(LazarusException.class, () -> AgentConfig.parse("novalue", new Properties()));
        assertThrows(LazarusException.class, () -> AgentConfig.parse("retention=a week", new Properties()));
        assertEquals(
                86_400_000L, AgentConfig.parse("retention=1d", new Properties()).retentionMillis());
    }

    @Test
    void segmentSizeTakesBinaryUnitsWithinTheLogsBounds() {
        assertEquals(64L << 20, AgentConfig.parse(null, new Properties()).segmentSize());
        assertEquals(
                512L << 10,
                AgentConfig.parse("segmentSize=512k", new Properties()).segmentSize());
        assertEquals(
                2L << 20, AgentConfig.parse("segmentSize=2M", new Properties()).segmentSize());
        assertEquals(
                4096, AgentConfig.parse("segmentSize=4096", new Properties()).segmentSize());
        for (String bad : new String[] {"segmentSize=12", "segmentSize=2g", "segmentSize=big", "segmentSize=k"}) {
            LazarusException e = assertThrows(LazarusException.class, () -> AgentConfig.parse(bad, new Properties()));
            assertEquals("LAZ-003", e.code(), bad);
            assertTrue(e.getMessage().contains("segmentSize="), e.getMessage());
        }
    }
}
