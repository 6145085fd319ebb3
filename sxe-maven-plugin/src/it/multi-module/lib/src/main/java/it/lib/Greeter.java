package it.lib;

public final class Greeter {
  private Greeter() {}

  public static String greet(String who) {
    return "Greetings from lib, " + who;
  }
}
