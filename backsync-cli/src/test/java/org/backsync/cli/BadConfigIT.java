package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backsync.cli.demo.DemoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: each bad configuration gives one clear line naming the problem and an exit code, no stack trace. */
class BadConfigIT {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private Run run(String toml, String... args) throws IOException {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, "data_dir = \"" + dir.resolve("data") + "\"\n" + toml);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = file.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String account(String host, int port, String secret) {
        return """
                [accounts.work.imap]
                host = "%s"
                port = %d
                security = "none"
                user = "demo@localhost"
                %s
                """.formatted(host, port, secret);
    }

    private static void assertOneLine(Run run, int exit, String... fragments) {
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.err().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("backsync: ").contains(fragments).doesNotContain("\tat ");
    }

    @Test
    void anUnknownKeyIsOneLineAndExitCode3() throws IOException {
        Run run = run(account("127.0.0.1", 1143, "password_env = \"PW\"") + "prot = 1\n", "status");

        assertOneLine(run, ExitCode.CONFIG.code(), "accounts.work.imap.prot: unknown key");
    }

    @Test
    void aWrongTypeIsOneLineAndExitCode3() throws IOException {
        Run run = run(
                account("127.0.0.1", 1143, "password_env = \"PW\"").replace("port = 1143", "port = \"x\""), "status");

        assertOneLine(run, ExitCode.CONFIG.code(), "accounts.work.imap.port = \"x\": expected an integer");
    }

    @Test
    void aMissingPasswordCommandIsOneLineAndExitCode3() throws IOException {
        Run run = run(account("127.0.0.1", 1143, ""), "sync");

        assertOneLine(run, ExitCode.CONFIG.code(), "accounts.work.imap.password_command: missing");
    }

    @Test
    void anUnreachableHostIsOneLineAndExitCode5() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        Run run = run(account("127.0.0.1", closed, "password_command = \"printf x\""), "account", "test");

        assertOneLine(run, ExitCode.UNREACHABLE.code(), "NETWORK_ERROR");
    }

    @Test
    void aWrongPasswordIsOneLineAndExitCode4() throws IOException {
        try (DemoServer server = DemoServer.start()) {
            Run run = run(
                    account("127.0.0.1", server.imapPort(), "password_command = \"printf wrong\""), "account", "test");

            assertOneLine(run, ExitCode.LOGON_FAILED.code(), "LOGON_FAILED");
            assertThat(run.err()).doesNotContain("wrong");
        }
    }
}
