package dev.sxe.format;

import java.util.Arrays;
import java.util.Locale;

/** Where a packed program is extracted at run time (manifest {@code sxe.cache}). */
public enum CacheMode {
  /** Once, into the per-user content-addressed cache; later runs exec the cached copy. */
  USER("user"),
  /** Every run, into a fresh private directory that is removed when the program exits (PBIN's semantics). */
  TEMP("temp");

  private final String label;

  CacheMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static CacheMode parse(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(m -> m.label.equals(l))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown cache mode '" + label + "'; expected user or temp"));
  }

  @Override
  public String toString() {
    return label;
  }
}
