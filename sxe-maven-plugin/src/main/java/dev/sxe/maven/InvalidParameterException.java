package dev.sxe.maven;

/**
 * A parameter of a goal has a value that cannot work. The message reads
 * {@code sxe: <parameter>: <what is wrong>} so that the build log points at the configuration.
 */
public class InvalidParameterException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String parameter;

  public InvalidParameterException(String parameter, String detail) {
    super("sxe: <" + parameter + ">: " + detail);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
