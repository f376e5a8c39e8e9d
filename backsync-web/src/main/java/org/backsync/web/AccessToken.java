package org.backsync.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The page's access token: 128 random bits from {@link SecureRandom}, new at every start, never logged except inside
 * the start URL the user is meant to open. A request shows it as the {@code token} query parameter (the first load),
 * the {@value #COOKIE} cookie (set on that load; HttpOnly, SameSite=Strict) or the {@value #HEADER} header. A POST
 * must carry the header: a cross-site form cannot set it, so a cookie alone never triggers an action.
 */
final class AccessToken {
    static final String COOKIE = "backsync_token";
    static final String HEADER = "X-Backsync-Token";
    static final HeaderName HEADER_NAME = HeaderNames.create(HEADER);

    /** How a request stands with respect to the token. */
    enum Check {
        /** The token was shown. */
        VALID,
        /** No token at all: 401. */
        MISSING,
        /** A token that is not this one: 403. */
        WRONG
    }

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    static AccessToken random() {
        byte[] bits = new byte[16];
        new SecureRandom().nextBytes(bits);
        return new AccessToken(HexFormat.of().formatHex(bits));
    }

    String value() {
        return value;
    }

    Check check(ServerRequest req) {
        Optional<String> shown = req.query().first("token").asOptional();
        if (shown.isEmpty()) {
            shown = req.headers().first(HEADER_NAME);
        }
        if (shown.isEmpty()) {
            shown = req.headers().cookies().first(COOKIE).asOptional();
        }
        return shown.map(s -> matches(s) ? Check.VALID : Check.WRONG).orElse(Check.MISSING);
    }

    /** For actions: the header alone counts (see the class comment). */
    Check checkHeader(ServerRequest req) {
        return req.headers()
                .first(HEADER_NAME)
                .map(s -> matches(s) ? Check.VALID : Check.WRONG)
                .orElse(Check.MISSING);
    }

    SetCookie cookie() {
        return SetCookie.builder(COOKIE, value)
                .path("/")
                .httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT)
                .build();
    }

    private boolean matches(String shown) {
        // constant time, so the token cannot be guessed a character at a time
        return MessageDigest.isEqual(shown.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
