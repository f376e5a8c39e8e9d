package org.backsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.backsync.testing.ScriptedSmtpServer.Action;
import org.backsync.testing.ScriptedSmtpServer.Received;
import org.backsync.testing.ScriptedSmtpServer.Step;
import org.jspecify.annotations.Nullable;

/** One connection of {@link ScriptedSmtpServer}: reads commands, answers from the script or with success. */
final class ScriptedSmtpConversation {
    /** Thrown to end the conversation without a reply (a scripted drop). */
    private static final class Dropped extends IOException {}

    private final ScriptedSmtpServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean authenticated;
    private @Nullable String mailFrom;
    private final List<String> recipients = new ArrayList<>();

    ScriptedSmtpConversation(ScriptedSmtpServer server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = ScriptedSmtpServer.buffered(socket);
        this.out = ScriptedSmtpServer.output(socket);
    }

    void run() throws IOException {
        try {
            if (!answer(Step.GREETING, "220 scripted.test ESMTP ready")) {
                return;
            }
            String line;
            while ((line = ScriptedSmtpServer.readLine(in)) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                server.record(verb.equals("AUTH") ? "AUTH " + line.split(" ")[1] + " ***" : line);
                if (!command(verb, line)) {
                    return;
                }
            }
        } catch (Dropped e) {
            socket.close();
        }
    }

    /** Handles one command; false ends the conversation. */
    private boolean command(String verb, String line) throws IOException {
        switch (verb) {
            case "EHLO" -> {
                return answer(Step.EHLO, ehloReply());
            }
            case "HELO" -> {
                return answer(Step.EHLO, "250 scripted.test");
            }
            case "STARTTLS" -> {
                return startTls();
            }
            case "AUTH" -> {
                return auth(line);
            }
            case "MAIL" -> {
                if (server.authRequired() && !authenticated) {
                    return reply("530 5.7.0 Authentication required");
                }
                mailFrom = between(line, '<', '>');
                recipients.clear();
                return answer(Step.MAIL, "250 2.1.0 Ok");
            }
            case "RCPT" -> {
                return rcpt(between(line, '<', '>'));
            }
            case "DATA" -> {
                return data();
            }
            case "RSET" -> {
                mailFrom = null;
                recipients.clear();
                return answer(Step.RSET, "250 2.0.0 Ok");
            }
            case "NOOP" -> {
                return reply("250 2.0.0 Ok");
            }
            case "QUIT" -> {
                reply("221 2.0.0 Bye");
                return false;
            }
            default -> {
                return reply("502 5.5.2 Command not recognized");
            }
        }
    }

    private String ehloReply() {
        List<String> lines = new ArrayList<>();
        lines.add("250-scripted.test");
        List<String> ext = new ArrayList<>(server.extensions());
        if (server.tlsContext() != null && !(socket instanceof javax.net.ssl.SSLSocket)) {
            ext.add("STARTTLS");
        }
        if (server.authRequired()) {
            ext.add("AUTH PLAIN LOGIN");
        }
        for (String e : ext) {
            lines.add("250-" + e);
        }
        lines.add("250 HELP");
        return String.join("\n", lines);
    }

    private boolean startTls() throws IOException {
        SSLContext context = server.tlsContext();
        if (context == null) {
            return reply("502 5.5.1 STARTTLS not offered");
        }
        if (!answer(Step.STARTTLS, "220 2.0.0 Ready to start TLS")) {
            return false;
        }
        socket = ScriptedSmtpServer.upgrade(context, socket);
        in = ScriptedSmtpServer.buffered(socket);
        out = ScriptedSmtpServer.output(socket);
        return true;
    }

    private boolean auth(String line) throws IOException {
        String[] words = line.split(" ");
        String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
        String username;
        String secret;
        if (mechanism.equals("PLAIN") && words.length > 2) {
            String[] parts = ScriptedSmtpServer.decode(words[2]).split("\0", -1);
            username = parts.length > 1 ? parts[1] : "";
            secret = parts.length > 2 ? parts[2] : "";
        } else if (mechanism.equals("LOGIN")) {
            reply("334 VXNlcm5hbWU6");
            username = ScriptedSmtpServer.decode(nonNull(ScriptedSmtpServer.readLine(in)));
            reply("334 UGFzc3dvcmQ6");
            secret = ScriptedSmtpServer.decode(nonNull(ScriptedSmtpServer.readLine(in)));
        } else {
            return reply("504 5.5.4 Unrecognized authentication type");
        }
        Optional<Action> scripted = server.script(Step.AUTH);
        if (scripted.isPresent()) {
            return perform(scripted.get());
        }
        authenticated = server.credentialsMatch(username, secret);
        return reply(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication failed");
    }

    private boolean rcpt(String address) throws IOException {
        Optional<String> fixed = server.recipientReply(address);
        Optional<Action> scripted = server.script(Step.RCPT);
        Action action = scripted.orElse(new Action.Reply(fixed.orElse("250 2.1.5 Ok")));
        if (action instanceof Action.Reply(String text) && text.startsWith("25")) {
            recipients.add(address);
        }
        return perform(action);
    }

    private boolean data() throws IOException {
        if (recipients.isEmpty()) {
            return reply("554 5.5.1 No valid recipients");
        }
        if (!answer(Step.DATA, "354 End data with <CR><LF>.<CR><LF>")) {
            return false;
        }
        byte[] content = readContent();
        Optional<Action> scripted = server.script(Step.END);
        Action action = scripted.orElse(new Action.Reply("250 2.0.0 Ok: queued"));
        String finalReply = switch (action) {
            case Action.Reply(String text) -> text;
            case Action.Delayed(var delay, String text) -> text;
            case Action.Drop() -> "(dropped)";
            case Action.Silence() -> "(silence)";
        };
        server.record(new Received(String.valueOf(mailFrom), List.copyOf(recipients), content, finalReply));
        return perform(action);
    }

    private byte[] readContent() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        String line;
        while ((line = ScriptedSmtpServer.readLine(in)) != null) {
            if (line.equals(".")) {
                return content.toByteArray();
            }
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            content.write(unstuffed.getBytes(StandardCharsets.UTF_8));
            content.write('\r');
            content.write('\n');
        }
        throw new Dropped(); // the client went away before the final dot
    }

    private boolean answer(Step step, String success) throws IOException {
        return perform(server.script(step).orElse(new Action.Reply(success)));
    }

    private boolean perform(Action action) throws IOException {
        switch (action) {
            case Action.Reply(String text) -> {
                return reply(text);
            }
            case Action.Delayed(var delay, String text) -> {
                LockSupport.parkNanos(delay.toNanos());
                return reply(text);
            }
            case Action.Drop() -> throw new Dropped();
            case Action.Silence() -> {
                while (ScriptedSmtpServer.readLine(in) != null) {
                    // swallow everything until the client closes
                }
                return false;
            }
        }
    }

    private boolean reply(String text) throws IOException {
        String[] lines = text.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            boolean last = i == lines.length - 1;
            sb.append(last || l.length() < 4 ? l : l.substring(0, 3) + "-" + l.substring(4))
                    .append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return !text.startsWith("421");
    }

    private static String between(String line, char open, char close) {
        int a = line.indexOf(open);
        int b = line.indexOf(close, a + 1);
        return a >= 0 && b > a ? line.substring(a + 1, b) : "";
    }

    private static String nonNull(@Nullable String s) throws IOException {
        if (s == null) {
            throw new Dropped();
        }
        return s;
    }
}
