package dev.lazarus.agent.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    public enum Verdict { APPROVE, REJECT }

    public record Approval(boolean approved, String comment, Verdict verdict, List<String> tags) {
    }

    public static final class Ticket {
        String id;
        int priority;
        Map<String, Integer> counts;
    }

    @Test
    void parsesAndWritesBack() throws Exception {
        Object v = Json.parse(" {\"a\": [1, 2.5, \"x\\n\\u0041\"], \"b\": {\"c\": null, \"d\": true}} ");
        assertEquals("{\"a\":[1,2.5,\"x\\nA\"],\"b\":{\"c\":null,\"d\":true}}", Json.write(v));
    }

    @Test
    void malformedJsonNamesTheOffset() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "tru", "{\"a\":1}x", "\"unterminated", "01x",
            "{\"a\":1,\"a\":2}"}) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed JSON at offset "), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(JsonException.class, () -> Json.parse(deep));
    }

    @Test
    void bindsRecordsEnumsListsAndPojos() throws Exception {
        Approval a = (Approval) JsonBinder.bind(Json.parse(
                "{\"approved\":true,\"comment\":\"ok\",\"verdict\":\"APPROVE\",\"tags\":[\"x\",\"y\"]}"), Approval.class);
        assertEquals(new Approval(true, "ok", Verdict.APPROVE, List.of("x", "y")), a);
        Ticket t = (Ticket) JsonBinder.bind(Json.parse("{\"id\":\"T-1\",\"priority\":3,\"counts\":{\"a\":1}}"), Ticket.class);
        assertEquals("T-1", t.id);
        assertEquals(3, t.priority);
        assertEquals(Map.of("a", 1), t.counts);
        assertEquals(42L, JsonBinder.bind(new BigDecimal("42"), Long.class));
        assertEquals("plain", JsonBinder.bind("plain", String.class));
    }

    @Test
    void misfitsAreRefusedNamingTheField() {
        JsonException wrongType = assertThrows(JsonException.class,
                () -> JsonBinder.bind(Json.parse("{\"approved\":\"yes\"}"), Approval.class));
        assertTrue(wrongType.getMessage().contains("field \"approved\""), wrongType.getMessage());
        JsonException unknown = assertThrows(JsonException.class,
                () -> JsonBinder.bind(Json.parse("{\"aproved\":true}"), Approval.class));
        assertTrue(unknown.getMessage().contains("\"aproved\""), unknown.getMessage());
        assertThrows(JsonException.class, () -> JsonBinder.bind(new BigDecimal("1.5"), Integer.class));
        assertThrows(JsonException.class, () -> JsonBinder.bind(Json.parse("{\"verdict\":\"MAYBE\"}"), Approval.class));
        JsonException missing = assertThrows(JsonException.class,
                () -> JsonBinder.bind(Json.parse("{\"comment\":\"x\"}"), Approval.class));
        assertTrue(missing.getMessage().contains("field \"approved\" is missing"), missing.getMessage());
    }

    @Test
    void shapesLetTheCommandLineCheckWithoutTheClasses() throws Exception {
        String shape = JsonShape.of(Approval.class);
        assertNull(JsonShape.check(shape, Json.parse("{\"approved\":false,\"comment\":\"no\"}")));
        assertTrue(JsonShape.check(shape, Json.parse("{\"comment\":\"no\"}")).contains("\"approved\" is missing"));
        String problem = JsonShape.check(shape, Json.parse("{\"approved\":1}"));
        assertTrue(problem.contains("field \"approved\" must be true or false"), problem);
        assertTrue(JsonShape.check(shape, Json.parse("[1]")).contains("must be an object"));
        assertTrue(JsonShape.check(shape, Json.parse("{\"tags\":[1]}")).contains("tags"));
        assertNull(JsonShape.check(JsonShape.of(Object.class), Json.parse("[1,{\"a\":2}]")));
    }
}
