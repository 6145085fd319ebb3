package dev.sxe.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this library, as built (a filtered resource, so it is right in tests too). */
public final class Version {

  public static final String VALUE = read();

  private Version() {}

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
