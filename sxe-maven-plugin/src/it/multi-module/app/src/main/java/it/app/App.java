package it.app;

import it.lib.Greeter;

public class App {
  public static void main(String[] args) {
    System.out.println(Greeter.greet(args.length > 0 ? args[0] : "nobody"));
    System.out.println("home=" + System.getenv("SXE_HOME"));
    System.exit(args.length);
  }
}
