package dev.lazarus.bench.harness.report;

/**
 * Whether a figure ran in this run: measured (both null), left out by {@code --only} ({@code skipped} says
 * so), or failed ({@code error} is the failure's one line). A failed figure may still carry the values it
 * measured before it failed; the targets table uses them.
 */
record FigureStatus(String skipped, String error) {
    static final FigureStatus MEASURED = new FigureStatus(null, null);

    /** @return whether the figure's section shows its tables */
    boolean measured() {
        return skipped == null && error == null;
    }
}
