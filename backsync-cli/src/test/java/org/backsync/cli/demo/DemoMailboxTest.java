package org.backsync.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.backsync.FolderPath;
import org.junit.jupiter.api.Test;

class DemoMailboxTest {
    private final List<DemoMailbox.Folder> testSubject = DemoMailbox.generate(42, 2000);

    private List<DemoMailbox.Message> all() {
        return testSubject.stream().flatMap(f -> f.messages().stream()).toList();
    }

    @Test
    void itHoldsTheRequestedNumberOfMessagesInNestedFolders() {
        assertThat(all()).hasSize(2000);
        assertThat(testSubject)
                .extracting(DemoMailbox.Folder::path)
                .contains(FolderPath.INBOX, FolderPath.of("Projects/Beta/Specs"), FolderPath.of("Archive/2025"));
    }

    @Test
    void theSameSeedGivesTheSameBytes() {
        List<DemoMailbox.Folder> again = DemoMailbox.generate(42, 2000);

        assertThat(again.getFirst().messages().get(7).raw())
                .isEqualTo(testSubject.getFirst().messages().get(7).raw());
    }

    @Test
    void someMessagesHaveAttachmentsAndNonAsciiSubjects() {
        long attachments = all().stream()
                .filter(m -> text(m).contains("Content-Disposition: attachment"))
                .count();
        long nonAscii = all().stream()
                .filter(m -> text(m).contains("Subject: =?UTF-8?B?"))
                .count();

        assertThat(attachments).isBetween(150L, 500L);
        assertThat(nonAscii).isGreaterThan(500);
    }

    @Test
    void encodedWordsStayWithinTheRfc2047Limit() {
        String word = DemoMailbox.encodedWord("来週の予定について、資料を添付しました。ご確認ください。よろしくお願いします。");

        assertThat(word.split("\r\n "))
                .hasSizeGreaterThan(1)
                .allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(75));
    }

    private static String text(DemoMailbox.Message m) {
        return new String(m.raw(), StandardCharsets.UTF_8);
    }
}
