package org.backsync.web;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.backsync.OutboxEntry;
import org.backsync.engine.StatusSnapshot;
import org.backsync.engine.StatusSnapshot.AccountStatus;
import org.backsync.engine.StatusSnapshot.ErrorEntry;
import org.backsync.engine.StatusSnapshot.LastResult;
import org.backsync.engine.StatusSnapshot.PhaseRow;
import org.backsync.engine.StatusSnapshot.RunningSync;

/**
 * Writes a {@link StatusSnapshot} as the JSON the page reads. Hand-written (a dozen fields do not earn a JSON
 * library); every string goes through {@link #string} so that a folder or message text cannot break out of it. Holds
 * only what the snapshot holds, and the snapshot holds no secret. Outbox recipients are left out on purpose.
 */
final class SnapshotJson {
    private final StringBuilder out = new StringBuilder(4096);

    private SnapshotJson() {}

    static String write(StatusSnapshot s, int runningSyncs) {
        SnapshotJson j = new SnapshotJson();
        j.out.append("{\"at\":").append(string(s.at().toString()));
        j.out.append(",\"paused\":").append(s.paused());
        j.out.append(",\"queueDepth\":").append(s.queueDepth());
        j.out.append(",\"running\":").append(runningSyncs);
        j.array("accounts", s.accounts(), j::account);
        j.array("errors", s.errors(), j::error);
        j.array("outbox", s.outbox(), j::outbox);
        return j.out.append('}').toString();
    }

    private void account(AccountStatus a) {
        out.append("{\"account\":").append(string(a.account().value()));
        out.append(",\"push\":{\"state\":").append(string(a.push().state().name()));
        out.append(",\"detail\":").append(string(a.push().detail()));
        out.append(",\"since\":").append(instant(a.push().since())).append('}');
        out.append(",\"last\":").append(a.lastResult().map(SnapshotJson::last).orElse("null"));
        array("running", a.running(), this::running);
        array("phases", a.phases(), this::phase);
        out.append('}');
    }

    private static String last(LastResult r) {
        return "{\"sync\":" + r.id().value()
                + ",\"status\":" + string(r.status().name())
                + ",\"hresult\":" + string(r.status().hresultText())
                + ",\"uploaded\":" + r.counts().uploaded()
                + ",\"downloaded\":" + r.counts().downloaded()
                + ",\"skipped\":" + r.counts().skipped()
                + ",\"conflicts\":" + r.counts().conflicts()
                + ",\"errors\":" + r.errors()
                + ",\"elapsedMs\":" + r.elapsed().toMillis()
                + ",\"finished\":" + string(r.finished().toString()) + "}";
    }

    private void running(RunningSync r) {
        out.append("{\"sync\":")
                .append(r.id().map(id -> Long.toString(id.value())).orElse("null"));
        out.append(",\"kinds\":")
                .append(string(
                        r.kinds().stream().map(Enum::name).sorted().toList().toString()));
        out.append(",\"priority\":").append(string(r.priority().name()));
        out.append(",\"started\":").append(string(r.started().toString())).append('}');
    }

    private void phase(PhaseRow p) {
        out.append("{\"phase\":").append(string(p.phase().name()));
        out.append(",\"sync\":")
                .append(p.sync().map(id -> Long.toString(id.value())).orElse("null"));
        out.append(",\"text\":").append(string(p.text()));
        out.append(",\"index\":").append(p.index()).append(",\"max\":").append(p.max());
        out.append(",\"bytesDone\":")
                .append(p.bytesDone())
                .append(",\"bytesTotal\":")
                .append(p.bytesTotal());
        out.append(",\"percent\":").append(p.percent());
        out.append(",\"etaMs\":")
                .append(p.eta().map(d -> Long.toString(d.toMillis())).orElse("null"));
        out.append(",\"finished\":")
                .append(p.finished().map(st -> string(st.name())).orElse("null"));
        out.append('}');
    }

    private void error(ErrorEntry e) {
        out.append("{\"at\":").append(string(e.at().toString()));
        out.append(",\"account\":").append(string(e.account().value()));
        out.append(",\"sync\":")
                .append(e.sync().map(id -> Long.toString(id.value())).orElse("null"));
        out.append(",\"status\":").append(string(e.status().name()));
        out.append(",\"hresult\":").append(string(e.status().hresultText()));
        out.append(",\"scope\":").append(string(e.scope().name()));
        out.append(",\"folder\":").append(e.folder().map(f -> string(f.value())).orElse("null"));
        out.append(",\"message\":").append(string(e.message()));
        out.append(",\"warning\":").append(e.warning());
        out.append(",\"action\":").append(string(e.suggestedAction())).append('}');
    }

    private void outbox(OutboxEntry o) {
        out.append("{\"id\":").append(o.id().value());
        out.append(",\"account\":").append(string(o.account().value()));
        out.append(",\"messageId\":").append(string(o.messageId()));
        out.append(",\"state\":").append(string(o.state().name()));
        out.append(",\"reason\":").append(o.reason().map(SnapshotJson::string).orElse("null"));
        out.append(",\"attempts\":").append(o.attempts());
        out.append(",\"nextAttempt\":").append(instant(o.nextAttempt()));
        out.append(",\"submitted\":").append(string(o.submitted().toString())).append('}');
    }

    private <T> void array(String name, Collection<T> items, java.util.function.Consumer<T> each) {
        out.append(",\"").append(name).append("\":[");
        boolean first = true;
        for (T item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            each.accept(item);
        }
        out.append(']');
    }

    private static String instant(Optional<Instant> at) {
        return at.map(i -> string(i.toString())).orElse("null");
    }

    /** A JSON string literal (RFC 8259 §7); also escapes {@code <} so the text is safe inside HTML too. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
