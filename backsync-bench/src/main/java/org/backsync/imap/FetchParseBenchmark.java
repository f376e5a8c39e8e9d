package org.backsync.imap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client's side of a bulk download: {@link FetchReader} parsing the answer to one {@code UID FETCH} of a batch of
 * whole messages, shaped as Dovecot sends it (UID, size, date, flags, MODSEQ, the Message-ID header field and the body
 * literal), from memory, so the figure is the parser's alone. Reported per message ({@code ops/s} = messages per
 * second; MB/s = that times {@code size}). It lives in {@code org.backsync.imap} because the reader is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FetchParseBenchmark {
    private static final int BATCH = 500;

    /** Body size in bytes: 10 KB is the median of the synthetic data set; 100 KB stands for attachments. */
    @Param({"10240", "102400"})
    public int size;

    private byte[] answer;
    private FetchReader.Spool spool;

    @Setup
    public void setUp() throws IOException {
        Random random = new Random(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream(BATCH * (size + 300));
        for (int i = 1; i <= BATCH; i++) {
            String header = "Message-ID: <" + i + "@bench.example>\r\n\r\n";
            byte[] body = body(random, i);
            ascii(
                    out,
                    "* " + i + " FETCH (UID " + (1000 + i) + " RFC822.SIZE " + body.length
                            + " INTERNALDATE \"23-Nov-2026 10:00:00 +0000\" FLAGS (\\Seen) MODSEQ (" + (5 + i)
                            + ") BODY[HEADER.FIELDS (MESSAGE-ID)] {" + header.length() + "}\r\n" + header
                            + " BODY[] {" + body.length + "}\r\n");
            out.write(body);
            ascii(out, ")\r\n");
        }
        ascii(out, "A7 OK Fetch completed (0.010 + 0.000 secs).\r\n");
        answer = out.toByteArray();
        spool = new FetchReader.Spool(Files.createTempDirectory("fetch-bench"), Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private byte[] body(Random random, int i) {
        StringBuilder b = new StringBuilder(size + 80);
        b.append("Message-ID: <")
                .append(i)
                .append("@bench.example>\r\nSubject: message ")
                .append(i);
        b.append("\r\n\r\n");
        while (b.length() < size) {
            for (int c = 0; c < 76 && b.length() < size - 2; c++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            b.append("\r\n");
        }
        b.setLength(size);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public FetchReader.Answer parseBatchOf500() throws IOException {
        FetchReader.Answer a = new FetchReader(new WireInput(new ByteArrayInputStream(answer)), "A7", "", spool).read();
        if (a.messages().size() != BATCH) {
            throw new IllegalStateException("parsed " + a.messages().size() + " of " + BATCH + " messages");
        }
        return a;
    }
}
