package org.backsync.testing;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;

/**
 * One command a client issued to a {@link FakeMailServer}, in IMAP terms: {@code name} is the command word ({@code
 * LOGIN, LIST, STATUS, SELECT, FETCH, SEARCH, APPEND, STORE, COPY, MOVE, EXPUNGE, CREATE, RENAME, DELETE, LOGOUT}),
 * {@code folder} the folder it names, {@code args} the rest as a person would read it.
 */
public record RecordedCommand(int connection, String name, Optional<FolderPath> folder, String args) {
    private static final Set<String> MUTATIONS =
            Set.of("CREATE", "RENAME", "DELETE", "SUBSCRIBE", "APPEND", "STORE", "COPY", "MOVE", "EXPUNGE");

    public RecordedCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(args, "args");
    }

    /** True for the commands R16 allows only in upload phases. */
    public boolean isMutation() {
        return MUTATIONS.contains(name);
    }

    public boolean isIn(FolderPath path) {
        return folder.map(path::equals).orElse(false);
    }

    @Override
    public String toString() {
        return "#" + connection + " " + name + folder.map(f -> " " + f).orElse("") + (args.isEmpty() ? "" : " " + args);
    }
}
