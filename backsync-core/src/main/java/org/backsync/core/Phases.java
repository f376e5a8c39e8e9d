package org.backsync.core;

import org.backsync.Phase;

/** The implementation of each phase; {@link #standard()} in production, scripted ones in engine tests. */
record Phases(
        PhaseRunner reconcile,
        PhaseRunner uploadHierarchy,
        PhaseRunner uploadContents,
        PhaseRunner downloadHierarchy,
        PhaseRunner downloadContents) {

    static Phases standard() {
        return new Phases(
                Reconcile::run,
                UploadHierarchy::run,
                UploadContents::run,
                DownloadHierarchy::run,
                DownloadContents::run);
    }

    PhaseRunner get(Phase phase) {
        return switch (phase) {
            case RECONCILE -> reconcile;
            case UPLOAD_HIERARCHY -> uploadHierarchy;
            case UPLOAD_CONTENTS -> uploadContents;
            case DOWNLOAD_HIERARCHY -> downloadHierarchy;
            case DOWNLOAD_CONTENTS -> downloadContents;
        };
    }
}
