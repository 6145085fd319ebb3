package dev.sxe.jlink;

/** A JDK cannot do what was asked: not a JDK, a tool failed, a module is missing. */
public class JlinkException extends Exception {

  private static final long serialVersionUID = 1L;

  public JlinkException(String message) {
    super(message);
  }

  public JlinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
