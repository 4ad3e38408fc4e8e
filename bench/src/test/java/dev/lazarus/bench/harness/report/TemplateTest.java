package dev.lazarus.bench.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test
    void sectionsRepeatSkipAndTakeTheirLinesWithThem() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("title", "T");
        c.put("rows", List.of(Map.of("name", "a", "last", false), Map.of("name", "b", "last", true)));
        c.put("inner", Map.of("label", "L"));
        assertEquals(
                "# T\n- a\n- b (last)\nL of T\n", Template.load("template-test").render(c));
        c.put("rows", List.of());
        c.put("inner", null);
        assertEquals("# T\nnothing\n", Template.load("template-test").render(c));
    }

    @Test
    void anUnfilledPlaceholderIsAnErrorNamingTheTemplateLine() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Template.load("template-missing").render(Map.of("value", "v")));
        assertEquals("report template template-missing.md:2: {{typo}} is not a value of this report", e.getMessage());
        IllegalStateException isNull = assertThrows(
                IllegalStateException.class,
                () -> Template.load("template-missing").render(nullValue()));
        assertEquals("report template template-missing.md:2: {{typo}} is null", isNull.getMessage());
    }

    private static Map<String, Object> nullValue() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("value", "v");
        c.put("typo", null);
        return c;
    }
}
