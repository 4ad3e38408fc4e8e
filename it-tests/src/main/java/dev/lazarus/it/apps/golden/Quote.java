package dev.lazarus.it.apps.golden;

import java.util.List;
import java.util.Map;

/**
 * An application record as a journaled result: nested strings, numbers, a list and a map.
 *
 * @param item what is quoted
 * @param cents the price
 * @param tags labels, in order
 * @param stock pieces per warehouse, in insertion order
 */
public record Quote(String item, long cents, List<String> tags, Map<String, Integer> stock) {}
