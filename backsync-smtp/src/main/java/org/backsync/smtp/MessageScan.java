package org.backsync.smtp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.backsync.RawMessage;

/**
 * What the transport must know about a message's bytes before MAIL FROM: whether its header section or its body has
 * bytes above 127 (RFC 6531 SMTPUTF8 for headers, RFC 6152 8BITMIME for the body).
 */
record MessageScan(boolean eightBitHeaders, boolean eightBitBody) {
    static MessageScan of(RawMessage message) throws IOException {
        boolean headers = false;
        boolean body = false;
        boolean inHeaders = true;
        int lineLength = 0;
        try (InputStream in = new BufferedInputStream(message.open(), 64 * 1024)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b >= 0x80) {
                    if (inHeaders) {
                        headers = true;
                    } else {
                        body = true;
                        break;
                    }
                }
                if (b == '\n') {
                    if (inHeaders && lineLength == 0) {
                        inHeaders = false;
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength++;
                }
            }
        }
        return new MessageScan(headers, body);
    }
}
