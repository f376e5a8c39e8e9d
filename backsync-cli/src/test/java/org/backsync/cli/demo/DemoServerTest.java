package org.backsync.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.backsync.FolderPath;
import org.junit.jupiter.api.Test;

class DemoServerTest {
    @Test
    void itServesImapAndSmtpOnFreeLoopbackPortsAndStoresTheGeneratedMailbox() {
        List<DemoMailbox.Folder> mailbox = DemoMailbox.generate(7, 60);
        AtomicInteger loaded = new AtomicInteger();

        try (DemoServer testSubject = DemoServer.start()) {
            testSubject.load(mailbox, loaded::set);

            assertThat(testSubject.imapPort()).isPositive().isNotEqualTo(testSubject.smtpPort());
            assertThat(loaded).hasValue(60);
            assertThat(testSubject.countByMessageId(FolderPath.of("Projects/Beta/Specs"), "<demo-6-0@backsync.demo>"))
                    .isEqualTo(1);
        }
    }
}
