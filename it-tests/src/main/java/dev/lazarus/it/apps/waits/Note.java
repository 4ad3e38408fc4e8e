package dev.lazarus.it.apps.waits;

/** A plain class payload (fields, no-argument constructor), bound from JSON by field names. */
public class Note {
    private String author;
    private int stars;

    public Note() {}

    @Override
    public String toString() {
        return "Note(" + author + "," + stars + ")";
    }
}
