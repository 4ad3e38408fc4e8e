package dev.lazarus.agent.internal.instrumentation;

import java.util.Objects;
import org.objectweb.asm.tree.analysis.Value;

/**
 * Where a value on the operand stack or in a local variable came from, as far as the transparency
 * rule cares: the receiver itself ({@code this}), something reached through a field or static field
 * (the outside world: services, clients), or a value the body made or received (recomputed).
 */
final class Origin implements Value {
    enum Kind {
        THIS,
        FIELD,
        LOCAL
    }

    static final Origin UNINITIALIZED = new Origin(1, Kind.LOCAL, null);
    static final Origin LOCAL_1 = new Origin(1, Kind.LOCAL, null);
    static final Origin LOCAL_2 = new Origin(2, Kind.LOCAL, null);
    static final Origin THIS = new Origin(1, Kind.THIS, null);

    private final int size;
    private final Kind kind;
    /** The field through which it was reached ({@code Owner.name}), for the report's reason. */
    private final String field;

    private Origin(int size, Kind kind, String field) {
        this.size = size;
        this.kind = kind;
        this.field = field;
    }

    static Origin local(int size) {
        return size == 2 ? LOCAL_2 : LOCAL_1;
    }

    static Origin field(int size, String field) {
        return new Origin(size, Kind.FIELD, field);
    }

    Origin withSize(int newSize) {
        if (newSize == size) {
            return this;
        }
        return kind == Kind.LOCAL ? local(newSize) : new Origin(newSize, kind, field);
    }

    Kind kind() {
        return kind;
    }

    String field() {
        return field;
    }

    boolean isField() {
        return kind == Kind.FIELD;
    }

    /** Field-held wins a merge: a receiver that may be the outside world is treated as such. */
    Origin merge(Origin other) {
        if (equals(other)) {
            return this;
        }
        int s = Math.min(size, other.size);
        if (kind == Kind.FIELD) {
            return withSize(s);
        }
        if (other.kind == Kind.FIELD) {
            return other.withSize(s);
        }
        if (kind == Kind.THIS && other.kind == Kind.THIS) {
            return THIS;
        }
        return local(s);
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Origin)) {
            return false;
        }
        Origin that = (Origin) o;
        return size == that.size && kind == that.kind && Objects.equals(field, that.field);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, kind, field);
    }

    @Override
    public String toString() {
        return kind == Kind.FIELD ? "field " + field : kind.name().toLowerCase();
    }
}
