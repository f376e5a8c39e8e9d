package org.backsync.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.web.SendReceivePage;
import org.backsync.web.WebConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backsync serve}: the daemon: Send/Receive groups, push, the Outbox, and the live web page. */
@Command(
        name = "serve",
        description = {
            "Run in the background until Ctrl-C: the Send/Receive groups on their schedule, IDLE push, the Outbox,",
            "and the live Send/Receive web page (loopback only; the URL with its access token is printed at start)."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", description = "Web page port on 127.0.0.1 (default: a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        EngineConfig config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Engine engine = Hosts.open(config);
        SendReceivePage page =
                SendReceivePage.start(engine.board(), new EngineActions(engine), new WebConfig("127.0.0.1", port));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            page.close();
                            engine.close();
                            stopped.countDown();
                        },
                        "backsync-stop"));
        engine.startBackground();
        out.println("backsync: serving " + config.accounts().size() + " account(s); Send/Receive page: " + page.url());
        out.println("backsync: Ctrl-C to stop");
        out.flush();
        stopped.await();
        return ExitCode.CANCELLED.code();
    }
}
