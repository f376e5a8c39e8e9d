package org.backsync;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One progress report: {@code IMAPISyncProgressCallback::Progress} plus bytes.
 *
 * <p>{@code text == null} means "numbers only: keep the last text"; {@code max == 0} means indeterminate; {@code
 * bytesTotal == 0} means unknown. Within one phase {@code index} and {@code bytesDone} never decrease and never exceed
 * a positive {@code max} / {@code bytesTotal} (R13); a phase with a known total ends with {@code index == max} (R14).
 */
public record Progress(Phase phase, @Nullable String text, long index, long max, long bytesDone, long bytesTotal) {
    public Progress {
        Objects.requireNonNull(phase, "phase");
        if (index < 0 || max < 0 || bytesDone < 0 || bytesTotal < 0) {
            throw new IllegalArgumentException("negative progress: index=" + index + " max=" + max + " bytesDone="
                    + bytesDone + " bytesTotal=" + bytesTotal);
        }
    }

    public boolean isDeterminate() {
        return max > 0;
    }
}
