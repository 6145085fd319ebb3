package it.app;

public class Main {
  public static void main(String[] args) {
    System.out.println("reproducible " + String.join(",", args));
  }
}
