package dev.lazarus.examples.enrichment;

/**
 * A contact as the enrichment API returns it: plain data, so the journal can record it.
 *
 * @param email the address looked up
 * @param name the person's name
 * @param company where they work
 * @param title their job title
 */
public record Contact(String email, String name, String company, String title) {}
