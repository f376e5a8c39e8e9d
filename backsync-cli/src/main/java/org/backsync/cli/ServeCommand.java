package org.backsync.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.web.SendReceivePage;
import org.backsync.web.WebConfig;

/** {@code backsync serve}: the daemon: Send/Receive groups, push, the Outbox, and the live web page. */
final class ServeCommand implements Command {
    private final ConfigOptions options = new ConfigOptions();
    private int port;

    @Override
    public Syntax syntax() {
        return options.addTo(new Syntax(
                        "serve",
                        "Run in the background until Ctrl-C: the Send/Receive groups on their schedule, IDLE push,"
                                + " the Outbox,",
                        "and the live Send/Receive web page (loopback only; the URL with its access token is printed"
                                + " at start)."))
                .option(
                        "--port",
                        "<port>",
                        "Web page port on 127.0.0.1 (default: a free one).",
                        v -> port = Syntax.intValue(v));
    }

    @Override
    public int call(Streams streams) throws Exception {
        EngineConfig config = options.load();
        PrintWriter out = streams.out();
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
