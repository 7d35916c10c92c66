package io.aloft.testkit;

import io.aloft.embedded.MissingComponentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of a Go module, fetched through the Go module cache ({@code go mod download}), as the Kubernetes binaries
 * are: the prometheus-operator's own CRDs come from its module, so the ServiceMonitor is checked against the real
 * schema without any registry but the Go module proxy.
 */
public final class GoModuleFile {
  private static final Pattern DIR = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"");

  private GoModuleFile() {}

  /**
   * The prometheus-operator's ServiceMonitor CRD, from its Go module at the version pom.xml pins (system property
   * {@code prometheus-operator.version}, which the modules' failsafe configuration passes on).
   */
  public static Path serviceMonitorCrd() {
    String version = System.getProperty("prometheus-operator.version");
    if (version == null || version.isBlank()) {
      throw new IllegalStateException("system property prometheus-operator.version is not set (pom.xml pins it)");
    }
    return of("github.com/prometheus-operator/prometheus-operator", version,
        "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml");
  }

  /** {@code path} inside {@code module@version}; throws {@link MissingComponentException} with the fix. */
  public static Path of(String module, String version, String path) {
    String coordinate = module + "@" + version;
    String fix = "  Fix: install Go >= 1.24 (https://go.dev/dl/, or 'apt-get install -y golang-go' if recent enough) "
        + "with the Go module proxy reachable, then run: go mod download -json " + coordinate;
    String out;
    try {
      Process p = new ProcessBuilder("go", "mod", "download", "-json", coordinate).redirectErrorStream(true)
          .directory(Files.createTempDirectory("aloft-gomod").toFile()).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new MissingComponentException("go mod download " + coordinate + " failed:\n" + out + "\n" + fix);
      }
    } catch (IOException e) {
      throw new MissingComponentException("Go is not installed (needed for " + coordinate + "): " + e.getMessage()
          + "\n" + fix);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Matcher dir = DIR.matcher(out);
    if (!dir.find()) {
      throw new MissingComponentException("go mod download " + coordinate + " named no directory:\n" + out + "\n"
          + fix);
    }
    Path file = Path.of(dir.group(1)).resolve(path);
    if (!Files.isRegularFile(file)) {
      throw new MissingComponentException(coordinate + " has no " + path + "; pick a version that has it"
          + " (pom.xml: prometheus-operator.version)");
    }
    return file;
  }
}
