package io.aloft.testkit.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian chromium driven through Debian's chromedriver (Selenium's WebDriver protocol), for the console's
 * browser tests (admin's ConsoleSignInIT, the sandbox's ConsoleIT) and the console bench. Both come from apt
 * ({@code ./aloft test} installs them as root); Selenium is handed their paths, so it never downloads a browser or a
 * driver. A missing one fails with the fix; nothing skips.
 */
public final class Chromium {
  public static final Path BROWSER = Path.of(System.getProperty("aloft.chromium", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getProperty("aloft.chromedriver", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** A fresh headless browser (its own profile directory, no network traffic of its own); quit() it. */
  public static ChromeDriver start() throws IOException {
    for (Path p : new Path[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(p + " is missing: the console's browser tests and bench run Debian's"
            + " chromium through chromedriver. Fix: 'apt-get install -y chromium chromium-driver' as root"
            + " (./aloft test does this itself as root).");
      }
    }
    Path profile = Files.createTempDirectory("aloft-chromium-profile");
    ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments("--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().withLogFile(new File(profile.toFile(), "chromedriver.log")).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }
}
