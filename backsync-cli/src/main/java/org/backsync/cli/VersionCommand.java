package org.backsync.cli;

/** {@code backsync version}: the same text as {@code --version}. */
final class VersionCommand implements Command {
    @Override
    public Syntax syntax() {
        return new Syntax("version", "Print backsync's version and the Java it runs on.");
    }

    @Override
    public int call(Streams streams) {
        VersionInfo.lines().forEach(streams.out()::println);
        return ExitCode.OK.code();
    }
}
