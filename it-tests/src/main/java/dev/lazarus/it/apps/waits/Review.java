package dev.lazarus.it.apps.waits;

import java.util.List;

/** A record payload with a nested record and a generic list, bound from JSON by component names. */
public record Review(String reviewer, Approval decision, List<String> tags) {}
