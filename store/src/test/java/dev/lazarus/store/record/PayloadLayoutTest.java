package dev.lazarus.store.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact-size encoder writes the bytes {@code DataOutputStream} wrote for the same fields, so journals
 * written before it read the same, for every kind of string UTF-8 can meet.
 */
class PayloadLayoutTest {
    private static final List<String> STRINGS = List.of(
            "",
            "B.java:12",
            "ascii/Only.call(I)I",
            "é à ü",
            "日本語",
            "emoji \uD83D\uDE00 pair",
            "lone high \uD800 surrogate",
            "lone low \uDC00 surrogate",
            "\u0000nul",
            "\u007f\u0080");

    /** The layout as DataOutputStream writes it: the reference the journal's files were written in. */
    private static byte[] reference(String s, byte[] b, int i, long l, boolean z) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Object x : new Object[] {s, b}) {
                byte[] v = x instanceof String str ? str.getBytes(StandardCharsets.UTF_8) : (byte[]) x;
                if (v == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(v.length);
                    out.write(v);
                }
            }
            out.writeInt(i);
            out.writeLong(l);
            out.writeBoolean(z);
            out.writeByte(200);
        }
        return bytes.toByteArray();
    }

    private static void write(PayloadSink out, String s, byte[] b, int i, long l, boolean z) {
        out.string(s);
        out.bytes(b);
        out.i32(i);
        out.i64(l);
        out.bool(z);
        out.i8(200);
    }

    private static byte[] encoded(String s, byte[] b, int i, long l, boolean z) {
        PayloadSink.Measure m = new PayloadSink.Measure();
        write(m, s, b, i, l, z);
        PayloadSink.Fill f = new PayloadSink.Fill(m.size());
        write(f, s, b, i, l, z);
        return f.payload();
    }

    @Test
    void fieldsAreWrittenAsDataOutputStreamWroteThem() throws IOException {
        for (String s : STRINGS) {
            byte[] b = s.getBytes(StandardCharsets.UTF_16BE);
            assertArrayEquals(
                    reference(s, b, -7, Long.MIN_VALUE + 3, true), encoded(s, b, -7, Long.MIN_VALUE + 3, true), s);
        }
        assertArrayEquals(reference(null, null, 0, 0, false), encoded(null, null, 0, 0, false));
        assertArrayEquals(
                reference("", new byte[0], Integer.MAX_VALUE, -1, true),
                encoded("", new byte[0], Integer.MAX_VALUE, -1, true));
    }

    @Test
    void aRecordWithNonAsciiStringsRoundTrips() {
        for (String s : STRINGS) {
            StepRecorded r = new StepRecorded("e" + s, 3, s, s, false, new byte[] {1}, 1L, 2L, 1, 5);
            StepRecorded back = (StepRecorded) RecordCodec.decode(RecordType.STEP_RECORDED.id(), RecordCodec.encode(r));
            String expected = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertEquals(expected, back.callee());
            assertEquals(expected, back.callSite());
            assertEquals("e" + expected, back.executionId());
        }
    }
}
