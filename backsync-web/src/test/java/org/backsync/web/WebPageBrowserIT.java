package org.backsync.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.Status;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.engine.StatusBoard;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.PushState;
import org.backsync.testing.FakeFault;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Send/Receive page in headless Chromium, watching a real {@link SyncEngine} sync from {@link FakeMailServer} into
 * {@link InMemoryMessageStore}. Fetches are paced ({@link PacedMailProvider}) so that the page can see bars move.
 */
class WebPageBrowserIT {
    private static final AccountId ALICE = AccountId.of("alice");
    private static final FolderPath ARCHIVE = FolderPath.of("Archive");
    private static final FolderPath BROKEN = FolderPath.of("Broken");
    private static final LocatorAssertions.HasAttributeOptions SLOW =
            new LocatorAssertions.HasAttributeOptions().setTimeout(20_000);
    private static HeadlessChromium chromium;

    private final FakeMailServer mail = new FakeMailServer();
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final StatusBoard board = new StatusBoard();
    private SyncEngine engine;
    private EngineWebActions actions;
    private SendReceivePage server;
    private BrowserContext context;
    private Page page;

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
        engine.close();
    }

    @Test
    void barsMoveAndReachOneHundredPercentDuringARealSync() {
        deliver(FolderPath.INBOX, 120);
        deliver(ARCHIVE, 40);
        start(10, Duration.ofMillis(60));

        page.locator("[data-account='alice'] [data-action='sync-now']").click();

        Locator row = page.locator("[data-row='alice/DOWNLOAD_CONTENTS']");
        page.waitForFunction(
                "() => { const r = document.querySelector(\"[data-row='alice/DOWNLOAD_CONTENTS']\");"
                        + " return r !== null && +r.dataset.percent > 0 && +r.dataset.percent < 100; }",
                null,
                new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(row).hasAttribute("data-state", "OK", SLOW);
        assertThat(row).hasAttribute("data-percent", "100");
        assertThat(row.locator("[role='progressbar']")).hasAttribute("aria-valuenow", "100");
        assertThat(page.locator("[data-account='alice'] [data-testid='last-result']"))
                .containsText("last sync OK");
        assertThat(result(0).status()).isEqualTo(Status.OK);
        assertThat(result(0).counts().downloaded()).isEqualTo(160);
    }

    @Test
    void anInjectedFolderErrorAppearsInTheListWithItsSuggestedAction() {
        deliver(FolderPath.INBOX, 20);
        deliver(BROKEN, 5);
        mail.inject(FakeFault.on("*").in(BROKEN).fail(Status.NOT_FOUND));
        start(10, Duration.ofMillis(20));

        page.locator("[data-account='alice'] [data-action='sync-now']").click();

        Locator error = page.locator("#errors tr[data-status='NOT_FOUND']");
        assertThat(error).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
        assertThat(error).containsText("0x8004010F");
        assertThat(error).containsText("Broken");
        assertThat(error).containsText("no longer exists");
        assertThat(page.locator("[data-account='alice'] [data-testid='last-result']"))
                .containsText("last sync PARTIAL", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(result(0).status()).isEqualTo(Status.PARTIAL);
    }

    @Test
    void cancelEndsTheSyncWithCancelled() {
        deliver(FolderPath.INBOX, 200);
        deliver(BROKEN, 1);
        mail.inject(FakeFault.on("*").in(BROKEN).fail(Status.NOT_FOUND));
        start(5, Duration.ofMillis(150));
        page.locator("[data-account='alice'] [data-action='sync-now']").click();
        page.waitForFunction(
                "() => { const r = document.querySelector(\"[data-row='alice/DOWNLOAD_CONTENTS']\");"
                        + " return r !== null && +r.dataset.percent >= 20; }",
                null,
                new Page.WaitForFunctionOptions().setTimeout(20_000));
        showEverythingAndTakeTheScreenshot();

        page.locator("[data-account='alice'] [data-action='cancel']").click();

        assertThat(result(0).status()).isEqualTo(Status.CANCELLED);
        assertThat(page.locator("[data-account='alice'] [data-testid='last-result']"))
                .containsText("CANCELLED");
        assertThat(page.locator("[data-row='alice/DOWNLOAD_CONTENTS']")).hasAttribute("data-state", "CANCELLED");
    }

    @Test
    void theOutboxShowsAHeldMessageWithItsReasonAndItsButtonsWork() {
        start(10, Duration.ZERO);
        actions.putOutbox(outboxEntry(1, OutboxState.HELD, "delivery uncertain"));

        Locator held = page.locator("#outbox tr[data-outbox='1']");
        assertThat(held).hasAttribute("data-state", "HELD");
        assertThat(held.locator(".reason")).hasText("delivery uncertain");
        assertThat(held.locator("[data-action='hold']")).isDisabled();

        held.locator("[data-action='retry']").click();
        assertThat(held).hasAttribute("data-state", "QUEUED");

        held.locator("[data-action='hold']").click();
        assertThat(held).hasAttribute("data-state", "HELD");
        assertThat(held.locator(".reason")).hasText("held by the user");
    }

    @Test
    void pauseAndResumeSwapTheirButtonsAndShowThePause() {
        start(10, Duration.ZERO);

        page.locator("#pause").click();
        assertThat(page.locator("#paused")).isVisible();
        assertThat(page.locator("#resume")).isVisible();
        assertThat(board.isPaused()).isTrue();

        page.locator("#resume").click();
        assertThat(page.locator("#paused")).isHidden();
        assertThat(page.locator("#pause")).isVisible();
        assertThat(board.isPaused()).isFalse();
    }

    @Test
    void theBrowserIsRefusedWithoutTheToken() {
        start(10, Duration.ZERO);
        Page stranger = chromium.browser.newContext().newPage();

        var response = stranger.navigate(server.baseUrl().toString());

        assertThat(response.status()).isEqualTo(401);
        assertThat(stranger.content()).doesNotContain("Sync now").doesNotContain(server.token());
        stranger.context().close();
    }

    private void start(int chunk, Duration pause) {
        engine = new SyncEngine(EngineOptions.of(
                store, PacedMailProvider.pacing(mail.factory(), chunk, pause), Map.of(ALICE, AccountSettings.DEFAULT)));
        actions = new EngineWebActions(board.watch(engine), board);
        board.addAccount(ALICE);
        server = SendReceivePage.start(board, actions, WebConfig.LOOPBACK);
        context = chromium.browser.newContext(
                new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.setDefaultTimeout(10_000);
        page.navigate(server.url().toString());
        assertThat(page.locator("#link")).hasText("live");
    }

    private void deliver(FolderPath folder, int count) {
        if (!folder.equals(FolderPath.INBOX)) {
            mail.createFolder(folder);
        }
        for (int i = 1; i <= count; i++) {
            String id = "<" + folder.name().toLowerCase() + "-" + i + "@example.org>";
            mail.deliver(
                    folder, new String(MailSamples.plain(id, folder.name() + " message " + i), StandardCharsets.UTF_8));
        }
    }

    private SyncResult result(int index) {
        try {
            return actions.started.get(index).result().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("sync " + index + " did not finish", e);
        }
    }

    private void showEverythingAndTakeTheScreenshot() {
        board.pushHealth(ALICE, new PushHealth(PushState.ACTIVE, "IDLE on INBOX", Optional.of(Instant.now())));
        actions.putOutbox(outboxEntry(1, OutboxState.HELD, "delivery uncertain"));
        actions.putOutbox(outboxEntry(2, OutboxState.QUEUED, "451 4.3.0 try again later"));
        assertThat(page.locator("#outbox tr")).hasCount(3);
        assertThat(page.locator("#errors tr[data-status='NOT_FOUND']")).hasCount(1);
        assertThat(page.locator("[data-account='alice'] [data-testid='push']")).hasText("push active");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/web-page.png"))
                .setFullPage(true));
    }

    private static OutboxEntry outboxEntry(long id, OutboxState state, String reason) {
        Optional<Instant> next =
                state == OutboxState.QUEUED ? Optional.of(Instant.now().plusSeconds(120)) : Optional.empty();
        return new OutboxEntry(
                new OutboxId(id),
                ALICE,
                "<out-" + id + "@example.org>",
                state,
                Optional.of(reason),
                state == OutboxState.QUEUED ? 2 : 1,
                next,
                List.of(),
                Instant.now());
    }
}
