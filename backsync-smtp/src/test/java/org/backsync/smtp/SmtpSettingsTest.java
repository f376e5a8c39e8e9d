package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {
    @Test
    void securityNoneIsRefusedForAHostOffLoopback() {
        assertThatThrownBy(() -> SmtpSettings.of("smtp.example.org", 587, SmtpSettings.Security.NONE, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smtp.example.org");
    }

    @Test
    void securityNoneIsAllowedOnLoopback() {
        for (String host : new String[] {"localhost", "127.0.0.1", "127.1.2.3", "::1"}) {
            assertThat(SmtpSettings.of(host, 25, SmtpSettings.Security.NONE, Optional.empty())
                            .host())
                    .isEqualTo(host);
        }
    }

    @Test
    void aPinnedFingerprintIsNormalisedToLowerCaseHex() {
        String colons =
                "D1:4C:51:E9:D7:10:FC:A6:B8:63:A7:E1:BB:42:07:CC:A7:38:A7:8B:70:95:91:63:E9:D8:D8:FF:85:0E:C1:71";

        SmtpSettings s = SmtpSettings.of("smtp.example.org", 465, SmtpSettings.Security.SMTPS, Optional.empty())
                .withPinnedSha256(colons);

        assertThat(s.pinnedSha256()).contains("d14c51e9d710fca6b863a7e1bb4207cca738a78b70959163e9d8d8ff850ec171");
    }

    @Test
    void theSecretNeverAppearsInToString() {
        SmtpSettings.Auth auth = new SmtpSettings.Auth(SmtpSettings.Mechanism.PLAIN, "me", () -> "hunter2");

        assertThat(auth.toString()).doesNotContain("hunter2");
    }
}
