package dev.sxe.maven;

import java.io.File;

/**
 * One element of {@code <executables>}: a native program built for one target.
 *
 * <pre>{@code
 * <executable>
 *   <target>linux-x86_64</target>
 *   <file>${project.build.directory}/hello-linux-x86_64</file>
 * </executable>
 * }</pre>
 */
public class Executable {

  /** One of the PBIN target identifiers, such as {@code linux-x86_64}. */
  private String target;

  /** The executable file for that target. */
  private File file;

  public Executable() {}

  public Executable(String target, File file) {
    this.target = target;
    this.file = file;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public File getFile() {
    return file;
  }

  public void setFile(File file) {
    this.file = file;
  }

  @Override
  public String toString() {
    return target + "=" + file;
  }
}
