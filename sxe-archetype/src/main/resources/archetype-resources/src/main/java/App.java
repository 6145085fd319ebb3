package ${package};

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a greeting and its arguments. {@code --exit N} makes it exit with status N.
 */
public final class App {

  private App() {}

  public static void main(String[] args) {
    Invocation inv = Invocation.parse(args);
    System.out.println(greeting(inv.words()));
    System.exit(inv.exitCode());
  }

  /** The line printed for these words. */
  static String greeting(List<String> words) {
    return "${greeting} from ${artifactId}!" + (words.isEmpty() ? "" : " You said: " + String.join(" ", words));
  }

  /** The words to echo and the exit code asked for with {@code --exit N}. */
  record Invocation(List<String> words, int exitCode) {

    static Invocation parse(String[] args) {
      List<String> words = new ArrayList<>();
      int code = 0;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--exit") && i + 1 < args.length) {
          try {
            code = Integer.parseInt(args[++i]);
          } catch (NumberFormatException e) {
            System.err.println("--exit needs a number, not '" + args[i] + "'");
            code = 2;
          }
        } else {
          words.add(args[i]);
        }
      }
      return new Invocation(words, code);
    }
  }
}
