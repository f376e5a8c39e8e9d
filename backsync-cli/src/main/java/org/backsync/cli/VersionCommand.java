package org.backsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code backsync version}: the same text as {@code --version}. */
@Command(name = "version", description = "Print backsync's version and the Java it runs on.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new VersionInfo().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return ExitCode.OK.code();
    }
}
