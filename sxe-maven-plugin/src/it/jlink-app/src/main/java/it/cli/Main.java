package it.cli;

import com.google.gson.Gson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.DriverManager;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jlink-app", mixinStandardHelpOptions = true)
public class Main implements Callable<Integer> {

  @Option(names = "--exit", description = "exit code") int exit;

  @Parameters(description = "names") String[] names = {};

  @Override
  public Integer call() throws Exception {
    String banner;
    try (InputStream in = Main.class.getResourceAsStream("banner.txt")) {
      banner = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    Map<String, Object> out = new TreeMap<>();
    out.put("greeting", System.getProperty("it.greeting", "Hello") + ", " + String.join("+", names));
    out.put("banner", banner);
    out.put("date", Date.valueOf("2024-02-29").toString());
    out.put("drivers", DriverManager.drivers().count());
    out.put("javaHome", System.getProperty("java.home").startsWith(System.getenv("SXE_HOME")));
    out.put("modules", ModuleLayer.boot().modules().size());
    System.out.println(new Gson().toJson(out));
    return exit;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
