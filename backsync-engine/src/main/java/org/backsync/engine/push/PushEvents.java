package org.backsync.engine.push;

import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.engine.StatusSnapshot.PushHealth;

/** Where push reports to: the scheduler (a folder changed) and the status board (health). Thread-safe. */
public interface PushEvents {
    /** The folder changed on the server: queue a {@code BACKGROUND DOWNLOAD_CONTENTS} sync of it (CONTRACT 5.5). */
    void changed(AccountId account, FolderPath folder);

    void health(AccountId account, PushHealth health);
}
