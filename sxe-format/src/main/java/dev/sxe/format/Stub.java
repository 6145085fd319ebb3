package dev.sxe.format;

/**
 * What goes in front of the marker. A stub may depend on where the payloads land, which depends
 * on its own length; {@link ContainerBuilder} renders it until the layout no longer moves.
 */
public interface Stub {

  StubKind kind();

  /**
   * @param manifest the final manifest, offsets included
   * @param compression the codec of every payload
   * @param headerOffset where the 64-byte header starts
   */
  byte[] render(Manifest manifest, Compression compression, long headerOffset);

  static Stub polyglot() {
    return new PolyglotStub();
  }
}
