package org.backsync.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.backsync.AccountId;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.engine.StatusBoard;
import org.backsync.engine.SyncTee;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebPageBrowserIT {
    private static HeadlessChromium chromium;

    private final StatusBoard board = new StatusBoard();
    private final RecordingWebActions actions = new RecordingWebActions();
    private final SendReceivePage server = SendReceivePage.start(board, actions, WebConfig.LOOPBACK);
    private BrowserContext context;

    @BeforeAll
    static void launch() {
        chromium = HeadlessChromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        server.close();
    }

    @Test
    void pageShowsProgressLive() {
        context = chromium.browser.newContext();
        Page page = context.newPage();
        page.navigate(server.url().toString());
        assertThat(page.locator("#link")).hasText("live");

        SyncTee tee = board.tee(SyncRequest.all(AccountId.of("alice")), SyncListener.NONE);
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading INBOX", 3, 10, 300, 1000));

        assertThat(page.locator("[data-row='alice/DOWNLOAD_CONTENTS']")).hasAttribute("data-percent", "30");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/web-page-sanity.png"))
                .setFullPage(true));
    }
}
