package org.backsync.store.sqlite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the process a lease holder's name points to. The engine names itself {@code engine-pid<PID>-boot<BOOT-ID>-...}
 * (see {@code AccountLease.ownerName}), where the boot id is Linux's {@code /proc/sys/kernel/random/boot_id}: a name
 * from this machine's current boot whose process no longer runs belongs to a crashed engine. Any other name, another
 * machine's or a previous boot's included, is treated as alive until its lease expires: the safe side.
 */
final class LeaseHolders {
    private static final Pattern NAME = Pattern.compile(
            "-pid(\\d+)-boot(\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12})-");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private LeaseHolders() {}

    static boolean isDeadLocalProcess(String holder) {
        Matcher m = NAME.matcher(holder);
        Optional<String> boot = bootId();
        if (!m.find() || boot.isEmpty() || !boot.get().equalsIgnoreCase(m.group(2))) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    static Optional<String> bootId() {
        try {
            return Optional.of(
                    Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
