package dev.sxe.format;

import java.util.Collection;
import java.util.Locale;

/** How a build chooses its stub: {@code native}, {@code polyglot} or {@code auto}. */
public enum StubMode {
  NATIVE,
  POLYGLOT,
  /** The native launcher when there is one target and a launcher for it; the polyglot script otherwise. */
  AUTO;

  public static StubMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown stub '" + text + "'; expected native, polyglot or auto", e);
    }
  }

  public Stub select(Collection<Target> targets) {
    if (this == POLYGLOT) {
      return Stub.polyglot();
    }
    if (targets.size() == 1) {
      Target only = targets.iterator().next();
      var launcher = NativeLauncher.forTarget(only);
      if (launcher.isPresent()) {
        return launcher.get();
      }
      if (this == NATIVE) {
        throw new IllegalArgumentException("this sxe build has no native launcher for " + only
            + " (it has " + NativeLauncher.available() + "); use stub=polyglot");
      }
    } else if (this == NATIVE) {
      throw new IllegalArgumentException("stub=native makes a file for one platform, but " + targets.size()
          + " targets are packed " + targets + "; pack one target or use stub=polyglot");
    }
    return Stub.polyglot();
  }
}
