package org.backsync.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Playwright driving the system's Chromium (Debian package {@code chromium}) headless, with the system Node.js running
 * Playwright's driver: nothing is downloaded at run time. The flags keep Chromium off the network it would otherwise
 * try to reach at start (BUILD-NOTES, "Chromium").
 */
final class HeadlessChromium implements AutoCloseable {
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic");

    private final Playwright playwright;
    final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static HeadlessChromium launch() {
        Path chromium = onPath("chromium")
                .orElseThrow(() -> new IllegalStateException(
                        "the browser test needs Chromium: apt-get install chromium (./test.sh installs it)"));
        Path node = onPath("node")
                .orElseThrow(() -> new IllegalStateException("the browser test needs Node.js on the PATH"));
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "PLAYWRIGHT_NODEJS_PATH", node.toString())));
        Browser browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        .setArgs(FLAGS));
        return new HeadlessChromium(playwright, browser);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
