package dev.lazarus.agent.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    public enum Verdict {
        APPROVE,
        REJECT
    }

    public record Approval(boolean approved, String comment, Verdict verdict, List<String> tags) {}

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
        for (String bad : new String[] {
            "", "{", "{\"a\":}", "[1,]", "tru", "{\"a\":1}x", "\"unterminated", "01x", "{\"a\":1,\"a\":2}"
        }) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed JSON at offset "), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        int limit = JsonReader.MAX_DEPTH;
        Json.parse("[".repeat(limit) + "]".repeat(limit));
        String over = "{\"a\":".repeat(limit) + "[" + "]" + "}".repeat(limit);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(over));
        assertEquals(
                "malformed JSON at offset " + over.indexOf('[') + ": nested deeper than " + limit + " levels",
                e.getMessage());
    }

    /**
     * What RFC 8259 forbids and a lenient reader takes, each refused at the offset marked '|' (removed before
     * parsing): where the first character that does not fit is.
     */
    @Test
    void whatTheRfcForbidsIsRefusedWhereItStarts() {
        String[] cases = {
            "[0|1]",
            "[1.|]",
            "[-|.5]",
            "[|.5]",
            "[|+1]",
            "[1e|]",
            "[1E+|]",
            "[-|]",
            "[0|x1]",
            "[|NaN]",
            "[-|Infinity]",
            "|\f[]",
            "[1,|\f2]",
            "|\u00a0[]",
            "[1|\u00a0]",
            "|\u2028[]",
            "|\u000b1",
            "|\u0000",
            "[\"a|\tb\"]",
            "[\"a|\nb\"]",
            "[\"|\u0000\"]",
            "[\"a|\u001f\"]",
            "[\"|\\ud800\"]",
            "[\"|\\udc00\\ud800\"]",
            "[\"x|\\ud800y\"]",
            "[\"|\\ud800\\u0041\"]",
            "{\"|\\udfaa\":0}",
            "[\"|\ud800\"]",
            "[\"\\u|+123\"]",
            "[\"\\u|-1a2\"]",
            "[\"\\u12|\"]",
            "[\"\\|x\"]",
            "[\"\\|U0041\"]",
            "[1]|x",
            "{}|}",
            "1 |2",
            "[1]|\u0000",
            "\"a\" |\"b\"",
            "[1,|]",
            "{\"a\":1,|}",
            "[1|;2]",
            "{\"a\"|=1}",
            "{|'a':1}",
            "[|True]",
            "[|nul]",
            "|\ufeff[]",
            "{\"a\":1,|\"a\":2}",
            "|",
            "  |",
            "[|",
            "[|\"abc",
            "{\"a\":|",
        };
        for (String c : cases) {
            String text = c.replace("|", "");
            int at = c.indexOf('|');
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(text), c);
            String prefix = "malformed JSON at offset " + at + ": ";
            assertTrue(e.getMessage().startsWith(prefix), c + " -> " + e.getMessage());
            assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
        }
    }

    @Test
    void whatTheRfcAllowsIsRead() throws Exception {
        assertEquals(new BigDecimal("-0.5e-3"), Json.parse(" \t\r\n-0.5e-3\n"));
        assertEquals(
                List.of(new BigDecimal("0"), new BigDecimal("1E+2"), new BigDecimal("10")), Json.parse("[0,1E+2,10]"));
        assertEquals("\ud834\udd1e/\u0041\u007f\u2028", Json.parse("\"\\ud834\\udd1e\\/\\u0041\u007f\u2028\""));
        assertEquals(Map.of("", List.of()), Json.parse("{\"\":[]}"));
        assertEquals(new BigDecimal("1E+9999"), Json.parse("1e9999"), "exact, however large");
    }

    /** A file's errors are named by byte, since that is where an editor or {@code xxd} puts the cursor. */
    @Test
    void bytesAreUtf8AndOffsetsCountBytes() throws Exception {
        byte[] text = "{\"caf\u00e9\": 01}".getBytes(StandardCharsets.UTF_8);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        int at = new String(text, StandardCharsets.UTF_8).indexOf("01") + 1 + 1; // 'é' is two bytes
        assertTrue(e.getMessage().startsWith("malformed JSON at byte " + at + ": "), e.getMessage());
        byte[] latin1 = "[\"caf\u00e9\"]".getBytes(StandardCharsets.ISO_8859_1);
        JsonException notUtf8 = assertThrows(JsonException.class, () -> Json.parse(latin1));
        assertEquals(
                "malformed JSON at byte 5: 1 byte(s) that are not UTF-8 (E9); JSON text must be UTF-8",
                notUtf8.getMessage());
        assertEquals(List.of("caf\u00e9"), Json.parse("[\"caf\u00e9\"]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nonFiniteNumbersAreNeverWritten() {
        for (Object bad : new Object[] {
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY
        }) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ok", 1);
            row.put("score", List.of(2.5, bad));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(row));
            assertTrue(e.getMessage().startsWith("cannot write $.score[1] = " + bad + " as JSON"), e.getMessage());
            assertTrue(e.getMessage().contains("write null"), "says what to do instead: " + e.getMessage());
        }
        assertEquals("[-0.0,1.0E300,1E+3,7]", Json.write(List.of(-0.0, 1e300, new BigDecimal("1E+3"), 7L)));
    }

    @Test
    void writtenTextReadsBackToTheSameValue() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("controls", "\u0000\u0001\b\f\n\r\t\u001f\u007f\"\\/");
        value.put("pair", "\ud834\udd1e");
        value.put("numbers", List.of(new BigDecimal("-1.5E-7"), new BigDecimal("12345678901234567890")));
        value.put("nested", Map.of("x", List.of(true, false)));
        value.put("none", null);
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals("\"\\ud800x\\udc00\"", Json.write("\ud800x\udc00"), "a lone surrogate is kept, escaped");
        List<Object> loop = new java.util.ArrayList<>();
        loop.add(loop);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(loop));
        assertTrue(e.getMessage().contains("nested deeper than " + JsonReader.MAX_DEPTH), e.getMessage());
    }

    @Test
    void numbersBindOnlyWhereTheyFit() throws Exception {
        assertEquals(0.0, JsonBinder.bind(Json.parse("0e-400"), double.class));
        assertEquals(1.5e300, JsonBinder.bind(Json.parse("1.5e300"), Double.class));
        assertEquals(
                new java.math.BigInteger("100000000000000000000"),
                JsonBinder.bind(Json.parse("100000000000000000000"), java.math.BigInteger.class));
        String[][] misfits = {
            {"1e400", "double"},
            {"-1e400", "double"},
            {"1e-400", "double"},
            {"1e39", "float"},
            {"1e-50", "float"},
            {"1e999999999", "BigInteger"},
            {"2147483648", "int"},
            {"9223372036854775808", "long"}
        };
        for (String[] m : misfits) {
            Class<?> type = m[1].equals("BigInteger")
                    ? java.math.BigInteger.class
                    : m[1].equals("double")
                            ? double.class
                            : m[1].equals("float") ? float.class : m[1].equals("int") ? int.class : long.class;
            JsonException e = assertThrows(JsonException.class, () -> JsonBinder.bind(Json.parse(m[0]), type), m[0]);
            assertTrue(e.getMessage().endsWith("does not fit a " + type.getSimpleName()), e.getMessage());
        }
    }

    @Test
    void bindsRecordsEnumsListsAndPojos() throws Exception {
        Approval a = (Approval) JsonBinder.bind(
                Json.parse("{\"approved\":true,\"comment\":\"ok\",\"verdict\":\"APPROVE\",\"tags\":[\"x\",\"y\"]}"),
                Approval.class);
        assertEquals(new Approval(true, "ok", Verdict.APPROVE, List.of("x", "y")), a);
        Ticket t = (Ticket)
                JsonBinder.bind(Json.parse("{\"id\":\"T-1\",\"priority\":3,\"counts\":{\"a\":1}}"), Ticket.class);
        assertEquals("T-1", t.id);
        assertEquals(3, t.priority);
        assertEquals(Map.of("a", 1), t.counts);
        assertEquals(42L, JsonBinder.bind(new BigDecimal("42"), Long.class));
        assertEquals("plain", JsonBinder.bind("plain", String.class));
    }

    @Test
    void misfitsAreRefusedNamingTheField() {
        JsonException wrongType = assertThrows(
                JsonException.class, () -> JsonBinder.bind(Json.parse("{\"approved\":\"yes\"}"), Approval.class));
        assertTrue(wrongType.getMessage().contains("field \"approved\""), wrongType.getMessage());
        JsonException unknown = assertThrows(
                JsonException.class, () -> JsonBinder.bind(Json.parse("{\"aproved\":true}"), Approval.class));
        assertTrue(unknown.getMessage().contains("\"aproved\""), unknown.getMessage());
        assertThrows(JsonException.class, () -> JsonBinder.bind(new BigDecimal("1.5"), Integer.class));
        assertThrows(JsonException.class, () -> JsonBinder.bind(Json.parse("{\"verdict\":\"MAYBE\"}"), Approval.class));
        JsonException missing = assertThrows(
                JsonException.class, () -> JsonBinder.bind(Json.parse("{\"comment\":\"x\"}"), Approval.class));
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
