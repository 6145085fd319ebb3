package dev.sxe.maven;

import java.io.File;

/**
 * One element of {@code <targets>}: a target identifier, and for {@code runtime=jlink} the JDK
 * whose modules the runtime for that target is linked from. Both forms work:
 *
 * <pre>{@code
 * <targets>
 *   <target>linux-x86_64</target>
 *   <target><id>linux-aarch64</id><jdkHome>/opt/jdk-17-linux-aarch64</jdkHome></target>
 * </targets>
 * }</pre>
 *
 * <p>A target's JDK must have {@code jmods/} (jlink of the build's JDK links them; the JDKs'
 * versions must match). Without {@code jdkHome} a jlink target must be the build JDK's platform.
 */
public class TargetSpec {

  /** One of the PBIN target identifiers, such as {@code linux-aarch64}. */
  private String id;

  /** runtime=jlink: a JDK for this target, with jmods. */
  private File jdkHome;

  public TargetSpec() {}

  public TargetSpec(String id, File jdkHome) {
    this.id = id;
    this.jdkHome = jdkHome;
  }

  /** {@code <target>linux-x86_64</target>} and {@code -Dsxe.targets=a,b}: the identifier alone. */
  public void set(String value) {
    this.id = value;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public File getJdkHome() {
    return jdkHome;
  }

  public void setJdkHome(File jdkHome) {
    this.jdkHome = jdkHome;
  }

  @Override
  public String toString() {
    return jdkHome == null ? String.valueOf(id) : id + "=" + jdkHome;
  }
}
