package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./backsync} launcher as a child process, on this machine where the default {@code java} is 17
 * and a JDK 25 sits in {@code /usr/lib/jvm} (the shape of the acceptance line).
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String OLD_PATH = "/usr/bin:/bin";

    record Run(int exit, String out, String err) {}

    @Test
    void withoutAnyJdk25ItSaysWhatToInstallAndExitsNonZero(@TempDir Path noJdks) throws Exception {
        Run run = launch(ROOT, Map.of("BACKSYNC_JDK_DIRS", noJdks.toString()), "version");

        assertThat(run.exit()).isEqualTo(ExitCode.NO_JDK.code());
        assertThat(run.err())
                .contains("no JDK 25 or newer found")
                .contains("temurin-25-jdk")
                .contains("JAVA_HOME");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void itPicksAJdk25WhenTheDefaultJavaIsOlder() throws Exception {
        Run run = launch(ROOT, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "version");

        assertThat(run.exit()).isZero();
        String java = run.out().split(" ")[0];
        Run version = exec(ROOT, Map.of(), List.of(java, "-version"));
        assertThat(version.err()).containsPattern("version \"(2[5-9]|[3-9][0-9])");
    }

    @Test
    void onAFreshTreeItBuildsOnceThenRunsHelpAndVersion(@TempDir Path tree) throws Exception {
        copyTree(ROOT, tree);

        Run help = launch(tree, Map.of(), "--help");
        Run version = launch(tree, Map.of(), "version");

        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: backsync").contains("Exit codes:");
        assertThat(help.err()).contains("building");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).contains("backsync ").contains("Java 2");
        assertThat(version.err()).as("second run reuses the build").doesNotContain("building");
        assertThat(tree.resolve(".backsync-build/native/name"))
                .as("the SQLite native library is taken out of its jar once, at build time")
                .exists();

        Run failedSync = launch(
                tree, Map.of(), "sync", "--config", tree.resolve("missing.toml").toString());
        assertThat(failedSync.exit()).as(failedSync.err()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(tree.resolve(".backsync-build/backsync.aot.lock"))
                .as("a sync stopped by its configuration does not train the AOT cache")
                .doesNotExist();
        assertThat(tree.resolve(".backsync-build/backsync.aot")).doesNotExist();

        Run unchanged = launch(tree, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "version");
        Path source = tree.resolve("backsync-cli/src/main/java/org/backsync/cli/Main.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(2)));
        Run edited = launch(tree, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "version");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(3600)));
        Path view = tree.resolve("backsync-cli/src/main/java/org/backsync/cli/view");
        Files.delete(view.resolve("Formats.java"));
        Files.setLastModifiedTime(view, FileTime.from(Instant.now().plusSeconds(2)));
        Run deleted = launch(tree, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "version");

        assertThat(unchanged.err()).doesNotContain("would build");
        assertThat(edited.err()).as("a source newer than the last build").contains("would build");
        assertThat(deleted.err()).as("a source deleted since the last build").contains("would build");
    }

    @Test
    void oneShotCommandsRunWithC1AndSerialGcAndTheDaemonWithTheDefaults() throws Exception {
        Run sync = launch(ROOT, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "sync", "--config", "x.toml");
        Run serve = launch(ROOT, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "serve");
        Run ownGc = launch(
                ROOT, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1", "BACKSYNC_JAVA_OPTS", "-XX:+UseG1GC -Xmx1g"), "status");

        assertThat(sync.out())
                .contains("-XX:TieredStopAtLevel=1")
                .contains("-XX:CompileThresholdScaling=10")
                .contains("-XX:+UseSerialGC");
        assertThat(serve.out())
                .doesNotContain("-XX:TieredStopAtLevel=1")
                .doesNotContain("-XX:CompileThresholdScaling")
                .doesNotContain("-XX:+UseSerialGC");
        assertThat(ownGc.out()).contains("-XX:+UseG1GC -Xmx1g").doesNotContain("-XX:+UseSerialGC");
        assertThat(sync.out()).as("a one-shot heap cap").contains("-Xmx128m");
        assertThat(ownGc.out()).as("the user's -Xmx replaces the cap").doesNotContain("-Xmx128m");
    }

    @Test
    void noCommandWaitsForThePollerThreadAtExit() throws Exception {
        Run sync = launch(ROOT, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "sync", "--config", "x.toml");
        Run serve = launch(ROOT, Map.of("BACKSYNC_LAUNCHER_DRY_RUN", "1"), "serve");

        assertThat(sync.out()).contains("-XX:UserThreadWaitAttemptsAtExit=1");
        assertThat(serve.out()).contains("-XX:UserThreadWaitAttemptsAtExit=1");
    }

    /** Runs {@code dir/backsync} with JAVA_HOME unset and a PATH whose {@code java} is the system's default. */
    private static Run launch(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(List.of(dir.resolve("backsync").toString()));
        command.addAll(List.of(args));
        return exec(dir, env, command);
    }

    private static Run exec(Path dir, Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("BACKSYNC_JDK_DIRS");
        pb.environment().put("PATH", OLD_PATH);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish within 150 s: " + command);
        }
        Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /** The sources and the build outputs already made, with their times, so that Maven's build is incremental. */
    private static void copyTree(Path from, Path to) throws IOException {
        Set<String> skip = Set.of(".git", ".backsync-build", ".idea");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skip.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
