package io.aloft.sandbox;

import io.aloft.testkit.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A console browser test class's fixtures: a headless chromium and a local stack (two pods at a time, propeller
 * re-evaluating every 2 s), with the page reads such tests need. close() stops both.
 */
final class ConsoleSession implements AutoCloseable {
  static final Path SHOTS = Path.of("target/console-screenshots");

  final ChromeDriver browser;
  final RunningStack running;

  private ConsoleSession(ChromeDriver browser, RunningStack running) {
    this.browser = browser;
    this.running = running;
  }

  /** Starts the browser first (a missing chromium fails before the stack is started), then the stack. */
  static ConsoleSession start(String name) throws Exception {
    ChromeDriver browser = Chromium.start();
    try {
      RunningStack running = RunningStack.start(name, "--max-pods", "2",
          "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
      Files.createDirectories(SHOTS);
      return new ConsoleSession(browser, running);
    } catch (Exception | Error e) {
      browser.quit();
      throw e;
    }
  }

  LocalStack stack() {
    return running.stack();
  }

  /**
   * An attribute of the first element matching css (null if none), read in one script so that a re-render by the
   * page's polling between finding the element and reading it cannot leave a stale reference.
   */
  String attribute(String css, String name) {
    return (String) browser.executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", css, name);
  }

  /** The text of the first element matching css, "" if none; read in one script as {@link #attribute}. */
  String text(String css) {
    return (String) browser.executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
  }

  /** The drawn graph node with this id (its SVG group). */
  WebElement node(String id) {
    return browser.findElement(By.cssSelector("svg.graph g.node[data-node-id='" + id + "']"));
  }

  /** Saves the browser's window as target/console-screenshots/NAME.png. */
  void screenshot(String name) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    browser.quit();
    running.close();
  }
}
