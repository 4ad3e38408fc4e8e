package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.io.Input;

/**
 * A Kryo {@link Input} over one in-memory value that refuses declared lengths the remaining bytes cannot hold.
 *
 * <p>Why: Kryo 5.6 allocates arrays, strings and collection capacities from length prefixes before it looks at how
 * much input is left (kryo#1282, unfixed in the version we ship), so a corrupt journal record or a few random bytes
 * declaring two billion elements make it allocate gigabytes or die with {@code OutOfMemoryError}. Our input is always
 * a whole value in a {@code byte[]}, never a stream, so every declared length can be checked against the bytes that
 * remain: an element always takes at least one byte (a fixed-width primitive takes its width), so a larger count is
 * provably corrupt and is rejected before anything is allocated.
 *
 * <p>The one honest exception is a collection whose elements are all {@code null}: Kryo writes it as a count and a
 * single "no class" marker, so a legitimate count may exceed the remaining bytes. Such counts draw on a per-value
 * budget of {@value #FREE_ELEMENT_BUDGET} elements; beyond it the value is treated as corrupt. Capacities passed to
 * collection constructors are always clamped to the remaining bytes; collections grow as elements arrive.
 */
final class BoundedInput extends Input {

    /** Elements a value may declare beyond its remaining bytes (all-null collections), in total. About 4-8 MB of references. */
    static final int FREE_ELEMENT_BUDGET = 1 << 20;

    private static final byte[] EMPTY = new byte[0];

    private int freeElementBudget = FREE_ELEMENT_BUDGET;

    BoundedInput() {
        super(0);
    }

    /** Points this input at one encoded value and resets the budget; the input is reused across values. */
    void reset(byte[] bytes, int offset, int count) {
        setBuffer(bytes, offset, count);
        freeElementBudget = FREE_ELEMENT_BUDGET;
    }

    /** Forgets the last value so a pooled input does not keep a large array alive. */
    void release() {
        setBuffer(EMPTY); // shared: an input never writes into its buffer
    }

    private int remaining() {
        return limit - position;
    }

    /**
     * Checks a declared element count of an array that must be allocated at full size.
     *
     * @param count the declared count
     * @param bytesPerElement the least number of bytes each element occupies in the input
     * @return {@code count}
     */
    int checkArrayLength(int count, int bytesPerElement) {
        if (count < 0 || (long) count * bytesPerElement > remaining()) {
            throw CodecFailure.corrupt("a length prefix declares " + Integer.toUnsignedString(count)
                    + " elements but only " + remaining() + " bytes remain");
        }
        return count;
    }

    /**
     * Admits a declared collection or map size and returns the initial capacity to use.
     *
     * @param size the declared number of elements
     * @return a capacity no larger than the remaining bytes
     */
    int admitCollectionSize(int size) {
        if (size < 0) {
            throw CodecFailure.corrupt("a collection declares a negative size");
        }
        int remaining = remaining();
        if (size <= remaining) {
            return size;
        }
        freeElementBudget -= size - remaining;
        if (freeElementBudget < 0) {
            throw CodecFailure.corrupt(
                    "a collection declares " + size + " elements but only " + remaining + " bytes remain");
        }
        return remaining;
    }

    /**
     * Checks a count read by one of our serializers (stack frames, suppressed exceptions, fields), whose elements each
     * take at least one byte.
     *
     * @param count the declared count
     * @return {@code count}
     */
    static int checkCount(Input input, int count) {
        if (input instanceof BoundedInput) {
            return ((BoundedInput) input).checkArrayLength(count, 1);
        }
        if (count < 0) {
            throw CodecFailure.corrupt("a negative count");
        }
        return count;
    }

    /** Same as {@link #admitCollectionSize(int)} when the input is ours, the size unchanged otherwise. */
    static int collectionCapacity(Input input, int size) {
        return input instanceof BoundedInput ? ((BoundedInput) input).admitCollectionSize(size) : size;
    }

    /**
     * Reads the varint length prefix that array serializers start with, without consuming it, and checks it.
     * Kryo writes {@code length + 1} there, {@code 0} meaning a null array.
     */
    static void checkArrayPrefix(Input input, int bytesPerElement) {
        if (!(input instanceof BoundedInput)) {
            return;
        }
        int start = input.position();
        int lengthPlusOne = input.readVarInt(true);
        input.setPosition(start);
        if (lengthPlusOne != 0) {
            ((BoundedInput) input).checkArrayLength(lengthPlusOne - 1, bytesPerElement);
        }
    }

    // Strings: the UTF-8 form carries a char count that Kryo uses to size a char[]; each char takes at least a byte.
    // The ASCII form has no count (it ends at a byte with the high bit set) and is bounded by the input already.

    private void checkUtf8Header() {
        if (position == limit || (buffer[position] & 0x80) == 0) {
            return; // empty input (Kryo will report underflow) or an ASCII string
        }
        int start = position;
        int charCountPlusOne = readVarIntFlag(true);
        int afterHeader = position;
        position = start;
        if (charCountPlusOne > 1) {
            int charCount = charCountPlusOne - 1;
            if (charCount > limit - afterHeader) {
                throw CodecFailure.corrupt("a string declares " + charCount + " characters but only "
                        + (limit - afterHeader) + " bytes remain");
            }
        } else if (charCountPlusOne < 0) {
            throw CodecFailure.corrupt("a string declares a negative length");
        }
    }

    @Override
    public String readString() {
        checkUtf8Header();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkUtf8Header();
        return super.readStringBuilder();
    }

    // Bulk primitive reads allocate the whole array first.

    @Override
    public byte[] readBytes(int length) {
        return super.readBytes(checkArrayLength(length, 1));
    }

    @Override
    public int[] readInts(int length) {
        return super.readInts(checkArrayLength(length, Integer.BYTES));
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        // With variable-length encoding an int takes 1 to 5 bytes; without it, readInts(int) checks 4.
        return super.readInts(checkArrayLength(length, 1), optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        return super.readLongs(checkArrayLength(length, Long.BYTES));
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        return super.readLongs(checkArrayLength(length, 1), optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        return super.readFloats(checkArrayLength(length, Float.BYTES));
    }

    @Override
    public double[] readDoubles(int length) {
        return super.readDoubles(checkArrayLength(length, Double.BYTES));
    }

    @Override
    public short[] readShorts(int length) {
        return super.readShorts(checkArrayLength(length, Short.BYTES));
    }

    @Override
    public char[] readChars(int length) {
        return super.readChars(checkArrayLength(length, Character.BYTES));
    }

    @Override
    public boolean[] readBooleans(int length) {
        return super.readBooleans(checkArrayLength(length, 1));
    }
}
