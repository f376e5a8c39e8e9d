package org.backsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A child JVM running one main class on this JVM's class path, for tests that must crash a real process: {@link
 * #kill()} is {@code kill -9} ({@link Process#destroyForcibly()}), with no shutdown hook and no finally block run.
 * Standard output and error go to one log file; the child's exit is awaited with a deadline, never forever.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -cp <this class path> [jvmArgs] mainClass args}, output to {@code log}. */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmArgs, List<String> args, Path log) {
        return start(mainClass, System.getProperty("java.class.path"), jvmArgs, args, log);
    }

    /** As {@link #start(Class, List, List, Path)}, on {@code classPath}. */
    public static ChildJvm start(
            Class<?> mainClass, String classPath, List<String> jvmArgs, List<String> args, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmArgs);
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ChildJvm(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for " + mainClass.getName(), e);
        }
    }

    /**
     * This JVM's class path with each directory in it packed into a jar under {@code dir}, so that children can share a
     * class-data archive ({@code -XX:+AutoCreateSharedArchive}), which accepts jars only. A jar is rewritten only when
     * its content changed (entries in name order, fixed times), so an archive made by an earlier run stays valid.
     */
    public static String packedClassPath(Path dir) {
        List<String> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (!Files.isDirectory(p)) {
                    out.add(entry);
                    continue;
                }
                Path jar = dir.resolve(
                        p.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9.-]+", "_") + ".jar");
                byte[] packed = pack(p);
                if (!Files.exists(jar) || !Arrays.equals(Files.readAllBytes(jar), packed)) {
                    Files.write(jar, packed);
                }
                out.add(jar.toAbsolutePath().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the class path into " + dir, e);
        }
        return String.join(File.pathSeparator, out);
    }

    private static byte[] pack(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Path f : files) {
                JarEntry e = new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/'));
                e.setTime(946_684_800_000L); // 2000-01-01: the same bytes for the same classes
                jar.putNextEntry(e);
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: the child dies at once, mid-whatever; returns after it is gone (bounded). */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Waits up to {@code timeout} for the child to exit by itself; true if it did. Never kills. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits up to {@code timeout} for the child to exit; kills it if it is still running. Returns the exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                dumpThreads();
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "child JVM " + pid() + " did not exit within " + timeout + "; killed. Log: " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted waiting for child JVM " + pid(), e);
        }
    }

    /**
     * Writes the child's thread dump, virtual threads included ({@code jcmd PID Thread.dump_to_file}), next to its log
     * as {@code <log>.threads}: why it hangs. Best effort.
     */
    public void dumpThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path dump = log.resolveSibling(log.getFileName() + ".threads").toAbsolutePath();
        try {
            Process p = new ProcessBuilder(
                            jcmd.toString(), Long.toString(pid()), "Thread.dump_to_file", "-overwrite", dump.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no jcmd: the log simply has no dump
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child's output so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return log;
    }

    /** Kills the child if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
