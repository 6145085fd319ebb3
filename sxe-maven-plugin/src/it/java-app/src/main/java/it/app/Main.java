package it.app;

import org.apache.commons.lang3.StringUtils;

public class Main {
  public static void main(String[] args) {
    String greeting = System.getProperty("it.greeting", "Hello");
    System.out.println(greeting + ", " + StringUtils.reverse(StringUtils.join(args, "+")) + "!");
    System.out.println("home=" + (System.getenv("SXE_HOME") != null));
    int code = args.length > 0 && args[0].equals("--exit") ? Integer.parseInt(args[1]) : 0;
    System.exit(code);
  }
}
