package dev.lazarus.it.apps.compat;

/** An application record a journaled call returns; on replay it is rebuilt with the app's class loader. */
public record Quote(String symbol, long cents, String source) {}
