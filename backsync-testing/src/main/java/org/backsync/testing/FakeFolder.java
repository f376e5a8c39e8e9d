package org.backsync.testing;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.SpecialUse;

/** One folder of a {@link FakeMailServer}. Not thread-safe: every access holds the server's lock. */
final class FakeFolder {
    /** One message; replaced, never changed, when its flags change. */
    record Message(long uid, byte[] content, Flags flags, long modSeq, Instant internalDate) {}

    FolderPath path;
    long uidValidity;
    long uidNext = 1;
    long highestModSeq = 1;
    Optional<SpecialUse> specialUse;
    boolean subscribed = true;
    final TreeMap<Long, Message> messages = new TreeMap<>();
    /** UID to the MODSEQ of its expunge, for QRESYNC VANISHED (RFC 7162 §3.2.10). */
    final TreeMap<Long, Long> expunged = new TreeMap<>();

    FakeFolder(FolderPath path, long uidValidity, Optional<SpecialUse> specialUse) {
        this.path = path;
        this.uidValidity = uidValidity;
        this.specialUse = specialUse;
    }

    long add(byte[] content, Flags flags, Instant internalDate) {
        long uid = uidNext++;
        messages.put(uid, new Message(uid, content, flags, ++highestModSeq, internalDate));
        return uid;
    }

    /** Sets the flags of {@code uid}; a real change bumps its MODSEQ, a no-op does not (as Dovecot does). */
    void setFlags(long uid, Flags flags) {
        Message m = messages.get(uid);
        if (m != null && !m.flags().equals(flags)) {
            messages.put(uid, new Message(uid, m.content(), flags, ++highestModSeq, m.internalDate()));
        }
    }

    void expunge(long uid) {
        if (messages.remove(uid) != null) {
            expunged.put(uid, ++highestModSeq);
        }
    }

    long size() {
        return messages.values().stream().mapToLong(m -> m.content().length).sum();
    }

    /** Numbers every message again from UID 1 under {@code newValidity}; the expunge history is forgotten. */
    void renumber(long newValidity) {
        var old = new TreeMap<>(messages);
        messages.clear();
        expunged.clear();
        uidValidity = newValidity;
        uidNext = 1;
        for (Message m : old.values()) {
            long uid = uidNext++;
            messages.put(uid, new Message(uid, m.content(), m.flags(), ++highestModSeq, m.internalDate()));
        }
    }
}
