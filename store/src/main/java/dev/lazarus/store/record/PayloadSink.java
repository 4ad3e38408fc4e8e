package dev.lazarus.store.record;

import java.nio.charset.StandardCharsets;

/**
 * Where {@link RecordCodec} writes a record's fields: big-endian numbers, and strings and byte arrays as a
 * 4-byte length ({@code -1} for null) followed by their bytes (strings in UTF-8), the layout
 * {@code DataOutputStream} wrote before. The encoder runs the same field list twice, once into a
 * {@link Measure} and once into a {@link Fill} of exactly the measured size, so a record costs one array
 * (its payload) and no growing buffer or copy: one journaled call encodes one of these.
 */
abstract class PayloadSink {
    abstract void i8(int v);

    abstract void i32(int v);

    abstract void i64(long v);

    final void bool(boolean v) {
        i8(v ? 1 : 0);
    }

    abstract void bytes(byte[] b);

    abstract void string(String s);

    /** @return whether every char of {@code s} is ASCII, whose UTF-8 bytes are its chars */
    static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Counts the bytes the fields take. */
    static final class Measure extends PayloadSink {
        private int size;

        int size() {
            return size;
        }

        @Override
        void i8(int v) {
            size += 1;
        }

        @Override
        void i32(int v) {
            size += 4;
        }

        @Override
        void i64(long v) {
            size += 8;
        }

        @Override
        void bytes(byte[] b) {
            size += 4 + (b == null ? 0 : b.length);
        }

        @Override
        void string(String s) {
            // a non-ASCII string is encoded here and again by Fill: rare in records, and exactly consistent
            size += 4 + (s == null ? 0 : isAscii(s) ? s.length() : s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** Writes the fields into an array of the measured size. */
    static final class Fill extends PayloadSink {
        private final byte[] out;
        private int pos;

        Fill(int size) {
            out = new byte[size];
        }

        /** @return the payload; every byte of it written */
        byte[] payload() {
            if (pos != out.length) {
                throw new IllegalStateException("wrote " + pos + " of " + out.length + " measured bytes");
            }
            return out;
        }

        @Override
        void i8(int v) {
            out[pos++] = (byte) v;
        }

        @Override
        void i32(int v) {
            out[pos] = (byte) (v >>> 24);
            out[pos + 1] = (byte) (v >>> 16);
            out[pos + 2] = (byte) (v >>> 8);
            out[pos + 3] = (byte) v;
            pos += 4;
        }

        @Override
        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        @Override
        void bytes(byte[] b) {
            if (b == null) {
                i32(-1);
                return;
            }
            i32(b.length);
            System.arraycopy(b, 0, out, pos, b.length);
            pos += b.length;
        }

        @Override
        void string(String s) {
            if (s == null) {
                i32(-1);
            } else if (isAscii(s)) {
                int n = s.length();
                i32(n);
                for (int i = 0; i < n; i++) {
                    out[pos + i] = (byte) s.charAt(i);
                }
                pos += n;
            } else {
                bytes(s.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
