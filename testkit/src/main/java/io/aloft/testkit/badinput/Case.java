package io.aloft.testkit.badinput;

/** One request of the corpus: its kind (empty, id, filter, ...), what it holds, and its wire bytes. */
public record Case(String kind, String label, byte[] bytes) {}
