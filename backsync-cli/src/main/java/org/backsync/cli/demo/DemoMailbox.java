package org.backsync.cli.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.backsync.FolderPath;

/**
 * A generated, realistic mailbox for the demo: nested folders, about 2,000 messages, attachments, non-ASCII names and
 * subjects (RFC 2047 encoded words, RFC 2231 file names). The same seed always gives the same bytes.
 */
public final class DemoMailbox {
    /** One message: its exact bytes, IMAP flags and INTERNALDATE. */
    public record Message(byte[] raw, Set<String> flags, Instant date, String subject) {}

    /** One folder and its messages, oldest first. */
    public record Folder(FolderPath path, List<Message> messages) {}

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern(
                    "EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Folder and share of the messages; they add up to 100. */
    private static final List<Object[]> LAYOUT = List.of(
            new Object[] {"INBOX", 40},
            new Object[] {"Sent", 12},
            new Object[] {"Drafts", 1},
            new Object[] {"Archive/2024", 15},
            new Object[] {"Archive/2025", 15},
            new Object[] {"Projects/Alpha", 6},
            new Object[] {"Projects/Beta/Specs", 4},
            new Object[] {"Lists/java-dev", 7});

    private static final List<String> PEOPLE = List.of(
            "Zoë Müller <zoe.mueller@example.de>",
            "José Álvarez <jose@example.es>",
            "Łukasz Wiśniewski <lukasz@example.pl>",
            "Søren Kierkegaard <soren@example.dk>",
            "山田 太郎 <taro.yamada@example.jp>",
            "Αλέξανδρος Παπαδόπουλος <alex@example.gr>",
            "François Dupont <francois@example.fr>",
            "Ana Lúcia Ferreira <ana@example.pt>",
            "Ivan Petrov <ivan@example.ru>",
            "Grace Hopper <grace@example.com>");

    private static final List<String> SUBJECTS = List.of(
            "Réunion de suivi – jeudi",
            "Überprüfung des Berichts Q%d",
            "Презентация для клиента",
            "来週の予定について",
            "Release %d.%d 🚀 is out",
            "Re: Budget %d",
            "Fwd: Café order for the offsite",
            "Αναφορά προόδου εβδομάδας %d",
            "Invoice #%d",
            "Lunch? 🍜");

    private static final List<String> LINES = List.of(
            "Thanks for the quick turnaround, this looks good to me.",
            "Können wir das nächste Woche besprechen? Ich habe Dienstag Zeit.",
            "Je vous envoie le document révisé en pièce jointe.",
            "Let me know if anything is missing before we ship.",
            "Vielen Dank und schöne Grüße aus Köln.",
            "Ci vediamo alla riunione di venerdì.",
            "El presupuesto está aprobado, podemos seguir adelante.",
            "お疲れ様です。資料を添付しました。");

    private DemoMailbox() {}

    /** {@code total} messages spread over the demo folders, from {@code seed}. */
    public static List<Folder> generate(long seed, int total) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Folder> folders = new ArrayList<>();
        int made = 0;
        for (int f = 0; f < LAYOUT.size(); f++) {
            String path = (String) LAYOUT.get(f)[0];
            int count = f == LAYOUT.size() - 1 ? total - made : total * (Integer) LAYOUT.get(f)[1] / 100;
            List<Message> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(message(random, path, f, i, count));
            }
            made += count;
            folders.add(new Folder(FolderPath.of(path), List.copyOf(messages)));
        }
        return List.copyOf(folders);
    }

    private static Message message(SplittableRandom r, String folder, int f, int i, int count) {
        Instant date = NOW.minus(Duration.ofMinutes((long) (count - i) * (60 + r.nextInt(600))));
        String me = "Demo User <demo@localhost>";
        String other = PEOPLE.get(r.nextInt(PEOPLE.size()));
        boolean sent = folder.equals("Sent") || folder.equals("Drafts");
        String subject = String.format(
                Locale.ROOT, SUBJECTS.get(r.nextInt(SUBJECTS.size())), 1 + r.nextInt(4), r.nextInt(9), r.nextInt(30));
        StringBuilder h = new StringBuilder();
        h.append("Message-ID: <demo-").append(f).append('-').append(i).append("@backsync.demo>\r\n");
        h.append("Date: ").append(RFC_5322.format(date)).append("\r\n");
        h.append("From: ").append(address(sent ? me : other)).append("\r\n");
        h.append("To: ").append(address(sent ? other : me)).append("\r\n");
        if (folder.startsWith("Lists/")) {
            h.append("List-Id: <java-dev.lists.example.org>\r\n");
        }
        h.append("Subject: ").append(encodedWord(subject)).append("\r\n");
        h.append("MIME-Version: 1.0\r\n");
        String text = body(r, other);
        boolean attach = r.nextInt(100) < 15;
        if (attach) {
            String boundary = "=_demo_" + f + "_" + i;
            h.append("Content-Type: multipart/mixed; boundary=\"")
                    .append(boundary)
                    .append("\"\r\n\r\n");
            h.append("--").append(boundary).append("\r\n").append(textPart(text));
            h.append("--").append(boundary).append("\r\n").append(attachment(r));
            h.append("--").append(boundary).append("--\r\n");
        } else {
            h.append(textPart(text));
        }
        Set<String> flags = flags(r, folder, i, count);
        return new Message(h.toString().getBytes(StandardCharsets.UTF_8), flags, date, subject);
    }

    private static Set<String> flags(SplittableRandom r, String folder, int i, int count) {
        if (folder.equals("Drafts")) {
            return Set.of("\\Draft");
        }
        boolean recent = folder.equals("INBOX") && i > count - 25;
        if (recent) {
            return Set.of();
        }
        return r.nextInt(20) == 0 ? Set.of("\\Seen", "\\Flagged") : Set.of("\\Seen");
    }

    private static String body(SplittableRandom r, String other) {
        StringBuilder b = new StringBuilder("Hallo ")
                .append(other.substring(0, other.indexOf(' ')))
                .append(",\r\n\r\n");
        int lines = 2 + r.nextInt(12);
        for (int k = 0; k < lines; k++) {
            b.append(LINES.get(r.nextInt(LINES.size()))).append("\r\n");
        }
        return b.append("\r\n-- \r\nDemo User\r\n").toString();
    }

    private static String textPart(String text) {
        return "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text;
    }

    private static String attachment(SplittableRandom r) {
        String[] names = {"Bericht-Übersicht.pdf", "présentation.pptx", "見積書.xlsx", "budget-2025.csv", "photo.jpg"};
        String name = names[r.nextInt(names.length)];
        byte[] data = new byte[2_000 + r.nextInt(60_000)];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) r.nextInt(256);
        }
        String encodedName =
                java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "Content-Type: application/octet-stream; name=\"" + encodedWord(name) + "\"\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''" + encodedName + "\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(data)
                + "\r\n";
    }

    /** {@code Name <addr>} with the name as an encoded word when it is not ASCII. */
    private static String address(String nameAndAddress) {
        int lt = nameAndAddress.indexOf('<');
        String name = nameAndAddress.substring(0, lt).strip();
        return encodedWord(name) + " " + nameAndAddress.substring(lt);
    }

    /** RFC 2047 {@code =?UTF-8?B?...?=} for non-ASCII text; ASCII text as is. */
    static String encodedWord(String text) {
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            String cp = new String(Character.toChars(text.codePointAt(i)));
            i += cp.length();
            if (utf8Length(chunk) + utf8Length(cp) > 45) {
                out.append(out.isEmpty() ? "" : "\r\n ").append(word(chunk.toString()));
                chunk.setLength(0);
            }
            chunk.append(cp);
        }
        return out.append(out.isEmpty() ? "" : "\r\n ")
                .append(word(chunk.toString()))
                .toString();
    }

    /** One encoded word of at most 75 characters (RFC 2047 §2): 45 bytes of UTF-8 at most. */
    private static String word(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
