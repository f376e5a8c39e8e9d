package org.backsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RecipientOutcome;
import org.backsync.engine.StatusSnapshot;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    @Test
    void stringsAreEscapedForJsonAndForHtml() {
        assertThat(SnapshotJson.string("a\"b\\c\nd\te\u0001f\u2028g</script>"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028g\\u003c/script>\"");
    }

    @Test
    void outboxRecipientsAreNotSentToThePage() {
        OutboxEntry sent = new OutboxEntry(
                new OutboxId(9),
                AccountId.of("alice"),
                "<m9@example.org>",
                OutboxState.SENT,
                Optional.empty(),
                1,
                Optional.empty(),
                List.of(new RecipientOutcome("bob@example.org", true, 250, "2.1.5 ok")),
                Instant.parse("2026-11-23T10:00:00Z"));
        StatusSnapshot snapshot = new StatusSnapshot(Instant.EPOCH, false, 0, List.of(), List.of(), List.of(sent));

        String json = SnapshotJson.write(snapshot, 0);

        assertThat(json).contains("\"id\":9", "\"state\":\"SENT\"", "\"reason\":null", "\"nextAttempt\":null");
        assertThat(json).doesNotContain("bob@example.org");
    }
}
