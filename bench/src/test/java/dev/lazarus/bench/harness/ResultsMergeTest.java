package dev.lazarus.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultsMergeTest {
    @Test
    void aKeyBelongsToItsFigureWhateverItsDigitsOrPart() {
        assertEquals(1, ResultsMerge.figureOf("f1.floor.p50_us"));
        assertEquals(12, ResultsMerge.figureOf("f12.latency.fanout.p50_us"));
        assertEquals(9, ResultsMerge.figureOf("f9c.calls"));
        assertEquals(-1, ResultsMerge.figureOf("load.before"));
        assertEquals(-1, ResultsMerge.figureOf("fsync"));
    }

    /**
     * The partial run's figures replace the earlier ones (a figure's keys the partial run no longer writes go too),
     * every other figure and the earlier header stay, and what the partial run says about figures it did not
     * measure ("not selected") is not taken.
     */
    @Test
    void thePartialRunsFiguresReplaceTheirsAndNothingElse() {
        Map<String, String> earlier = new LinkedHashMap<>();
        earlier.put("date", "Mon");
        earlier.put("load.before", "load average: 1.00");
        earlier.put("note", "peers measured");
        earlier.put("f1.floor.p50_us", "144");
        earlier.put("f12.latency.fanout.p50_us", "400");
        earlier.put("f12.gone", "x");
        Map<String, String> fresh = new LinkedHashMap<>();
        fresh.put("date", "Tue");
        fresh.put("load.before", "load average: 3.00");
        fresh.put("load.after", "load average: 4.00");
        fresh.put("profile", "full");
        fresh.put("note", "");
        fresh.put("f1.skipped", "not selected in this run (--only)");
        fresh.put("f12.latency.fanout.p50_us", "300");

        Map<String, String> merged = ResultsMerge.merge(earlier, fresh, Set.of(12));

        assertEquals("Mon", merged.get("date"));
        assertEquals("load average: 1.00", merged.get("load.before"));
        assertEquals("144", merged.get("f1.floor.p50_us"));
        assertFalse(merged.containsKey("f1.skipped"));
        assertEquals("300", merged.get("f12.latency.fanout.p50_us"));
        assertFalse(merged.containsKey("f12.gone"));
        String note = merged.get("note");
        assertTrue(note.startsWith("peers measured Figure 12 measured in a later run (Tue,"), note);
        assertTrue(note.contains("load average: 3.00") && note.contains("load average: 4.00"), note);

        // measured once more: the sentence about the earlier later run is replaced, not repeated
        fresh.put("date", "Wed");
        String again = ResultsMerge.merge(merged, fresh, Set.of(12)).get("note");
        assertFalse(again.contains("Tue"), again);
        assertEquals(1, again.split("measured in a later run", -1).length - 1, again);
    }
}
