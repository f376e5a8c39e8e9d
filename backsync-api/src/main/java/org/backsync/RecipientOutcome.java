package org.backsync;

import java.util.Objects;

/** What the SMTP server said about one recipient: its reply code and text. */
public record RecipientOutcome(String address, boolean accepted, int replyCode, String reply) {
    public RecipientOutcome {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reply, "reply");
    }
}
