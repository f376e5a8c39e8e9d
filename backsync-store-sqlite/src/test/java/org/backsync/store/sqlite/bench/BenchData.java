package org.backsync.store.sqlite.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The bench data shape: messages of 2 KB to 180 KB, log-uniform (mean about 40 KB), made of a 1 KB header and
 * pseudo-random bytes cut from a pool, so that making one costs a copy, not a random generator.
 */
final class BenchData {
    private static final int POOL = 8 << 20;
    private final byte[] pool = new byte[POOL];
    private final Random random;

    BenchData(long seed) {
        random = new Random(seed);
        random.nextBytes(pool);
    }

    /** The next message size, log-uniform between 2 KB and 180 KB. */
    int nextSize() {
        double lo = Math.log(2_000);
        double hi = Math.log(180_000);
        return (int) Math.exp(lo + random.nextDouble() * (hi - lo));
    }

    byte[] message(int n, int size) {
        byte[] header = header(n);
        byte[] m = new byte[Math.max(size, header.length)];
        System.arraycopy(header, 0, m, 0, header.length);
        int at = header.length;
        while (at < m.length) {
            int offset = random.nextInt(POOL - 65_536);
            int len = Math.min(65_536, m.length - at);
            System.arraycopy(pool, offset, m, at, len);
            at += len;
        }
        return m;
    }

    /** About 1 KB of RFC 5322 header section, ending in the blank line. */
    byte[] header(int n) {
        StringBuilder h = new StringBuilder(1100);
        h.append("Return-Path: <sender").append(n % 97).append("@example.org>\r\n");
        h.append("Received: from mx.example.org (mx.example.org [192.0.2.1]) by mail.example.net with ESMTPS id ")
                .append(Long.toHexString(random.nextLong()))
                .append("\r\n\tfor <user@example.net>; Mon, 23 Nov 2026 12:00:00 +0000\r\n");
        h.append("Message-ID: <")
                .append(n)
                .append('.')
                .append(Long.toHexString(random.nextLong()))
                .append("@example.org>\r\n");
        h.append("Date: Mon, 23 Nov 2026 12:00:00 +0000\r\nFrom: Sender ")
                .append(n % 97)
                .append(" <sender@example.org>\r\n");
        h.append("To: User <user@example.net>\r\nSubject: Benchmark message number ")
                .append(n)
                .append("\r\n");
        h.append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b")
                .append(n)
                .append("\"\r\n");
        while (h.length() < 1000) {
            h.append("X-Filler: ").append(Long.toHexString(random.nextLong())).append("\r\n");
        }
        h.append("\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
