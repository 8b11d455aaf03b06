package io.mj4j.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The last line of defence at the terminal: everything the command prints (its own output, picocli's messages and,
 * through {@link System#setErr}, the --verbose log) passes through here, and each configured API key is replaced
 * by {@code ****} in the forms a vendor's echo or a log line can carry it: raw, JSON-escaped (with and without
 * {@code \/}) and URL-encoded. The engine redacts at its own boundaries; this catches what a provider or a vendor
 * echo might still let through. Output is released a line at a time (and on {@code \r} or flush, so progress lines
 * still show at once), which keeps a key from being split across two writes.
 */
public final class RedactingStream extends OutputStream {
    private final OutputStream target;
    private final List<String> forms;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private RedactingStream(OutputStream target, List<String> forms) {
        this.target = target;
        this.forms = forms;
    }

    /** {@code target} with every form of every secret hidden; {@code target} itself when there is none. */
    public static PrintStream wrap(PrintStream target, Collection<String> secrets) {
        List<String> forms = forms(secrets);
        return forms.isEmpty() ? target : new PrintStream(new RedactingStream(target, forms), true, StandardCharsets.UTF_8);
    }

    static List<String> forms(Collection<String> secrets) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.strip().length() < 4) {
                continue;
            }
            String raw = s.strip();
            String json = raw.replace("\\", "\\\\").replace("\"", "\\\"");
            out.add(raw);
            out.add(json);
            out.add(json.replace("/", "\\/"));
            out.add(URLEncoder.encode(raw, StandardCharsets.UTF_8));
        }
        // longest first, so a form containing another is replaced whole
        return out.stream().sorted((a, b) -> b.length() - a.length()).toList();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || b == '\r') {
            release();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        release();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        target.close();
    }

    private void release() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        for (String f : forms) {
            if (text.contains(f)) {
                text = text.replace(f, "****");
            }
        }
        target.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
