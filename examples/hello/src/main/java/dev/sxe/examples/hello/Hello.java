package dev.sxe.examples.hello;

/** Greets whoever is named on the command line. */
public final class Hello {

  private Hello() {}

  public static void main(String[] args) {
    String who = args.length == 0 ? "world" : String.join(" ", args);
    System.out.println("Hello, " + who + "! (Java " + Runtime.version().feature() + ", packed by sxe)");
  }
}
