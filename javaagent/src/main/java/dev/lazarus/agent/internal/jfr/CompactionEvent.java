package dev.lazarus.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One compaction of the journal: which segments it rewrote and what it freed. Its duration is the rewrite's. */
@Name("dev.lazarus.Compaction")
@Label("Journal Compaction")
@Category({"Lazarus"})
@Description("Sealed journal segments rewritten without the records retention or deletion no longer needs")
@StackTrace(false)
public final class CompactionEvent extends jdk.jfr.Event {
    @Label("Segments")
    @Description("How many sealed segments the compaction rewrote into one")
    public int segments;

    @Label("Bytes Before")
    @DataAmount
    public long bytesBefore;

    @Label("Bytes After")
    @DataAmount
    public long bytesAfter;

    @Label("Records Kept")
    public long recordsKept;

    @Label("Records Dropped")
    public long recordsDropped;
}
