package dev.sxe.maven;

import dev.sxe.format.Container;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Explains a container: file, stub, PBIN header, manifest and every entry, each payload verified.
 * Works on any PBIN v1 file and needs no project:
 * {@code mvn dev.sxe:sxe-maven-plugin:<version>:inspect -Dsxe.file=app}.
 */
@Mojo(name = "inspect", requiresProject = false, threadSafe = true)
public class InspectMojo extends AbstractMojo {

  /** The container to inspect. */
  @Parameter(property = "sxe.file", required = true)
  private File file;

  /** Print JSON to standard output instead of the table to the log. */
  @Parameter(property = "sxe.json", defaultValue = "false")
  private boolean json;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (!file.isFile()) {
      throw new MojoExecutionException("sxe: <file>: " + file + " does not exist or is not a file (set -Dsxe.file=...)");
    }
    ContainerReport report;
    try (Container c = Container.open(file.toPath())) {
      report = ContainerReport.of(c);
    } catch (IOException e) {
      throw new MojoFailureException("sxe: " + e.getMessage(), e);
    }
    if (json) {
      // Plain standard output, so that `mvn -q ... -Dsxe.json=true > report.json` gives clean JSON.
      System.out.println(report.toJson());
    } else {
      for (String line : report.toText().split("\n")) {
        getLog().info(line);
      }
    }
    String problem = report.firstProblem();
    if (problem != null) {
      throw new MojoFailureException("sxe: " + problem);
    }
  }
}
