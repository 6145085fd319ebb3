package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppTest {

  @Test
  void greetsAndEchoesTheWords() {
    assertEquals("${greeting} from ${artifactId}!", App.greeting(List.of()));
    assertEquals("${greeting} from ${artifactId}! You said: a b", App.greeting(List.of("a", "b")));
  }

  @Test
  void exitCodeComesFromTheExitOption() {
    App.Invocation inv = App.Invocation.parse(new String[] {"Ada", "--exit", "3", "Lovelace"});
    assertEquals(List.of("Ada", "Lovelace"), inv.words());
    assertEquals(3, inv.exitCode());
    assertEquals(0, App.Invocation.parse(new String[0]).exitCode());
    assertEquals(2, App.Invocation.parse(new String[] {"--exit", "x"}).exitCode());
  }
}
