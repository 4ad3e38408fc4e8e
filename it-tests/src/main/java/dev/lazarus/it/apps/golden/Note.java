package dev.lazarus.it.apps.golden;

/**
 * An event payload: sent by the application (encoded by the codec) or from the command line (JSON bound to
 * this record by component name).
 *
 * @param text what the note says
 * @param approved a decision
 */
public record Note(String text, boolean approved) {}
