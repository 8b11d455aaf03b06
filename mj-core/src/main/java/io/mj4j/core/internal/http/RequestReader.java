package io.mj4j.core.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one HTTP/1.1 request incrementally from whatever bytes have arrived, so a selector thread can serve
 * many slow connections without a thread each. It keeps at most {@code maxHeaderBytes} of head and
 * {@code maxBodyBytes} of body; a body declared or sent beyond the limit is counted and discarded up to
 * eight times the limit (so the client is still reading when the 413 comes), and refused outright beyond
 * that. Content-Length and chunked bodies are understood; both at once is refused (request smuggling).
 * Not thread-safe: one reader per connection, fed by one thread.
 */
public final class RequestReader {
    /** A fully read request. Header names are case-insensitive. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    }

    /** Where reading stands after a {@link #feed}. */
    public enum State { READING, DONE, FAILED }

    private enum Phase { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILERS, DONE, FAILED }

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final StringBuilder line = new StringBuilder();
    private Phase phase = Phase.HEAD;
    private long remaining;
    private long received;
    private boolean tooLarge;
    private boolean expectContinue;
    private int failStatus;
    private String failReason;
    private String method;
    private String target;
    private Map<String, List<String>> headers;

    public RequestReader(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Consumes what {@code in} holds (all of it unless reading ends); returns where reading stands. */
    public State feed(ByteBuffer in) {
        while (in.hasRemaining() && phase != Phase.DONE && phase != Phase.FAILED) {
            switch (phase) {
                case HEAD -> readHead(in);
                case BODY -> readBody(in);
                case CHUNK_SIZE, CHUNK_CRLF, TRAILERS -> readChunkLine(in);
                case CHUNK_DATA -> readChunkData(in);
                default -> throw new IllegalStateException(phase.name());
            }
        }
        return state();
    }

    public State state() {
        return phase == Phase.DONE ? State.DONE : phase == Phase.FAILED ? State.FAILED : State.READING;
    }

    /** True once the head is read (the header deadline no longer applies). */
    public boolean headComplete() {
        return headers != null;
    }

    /**
     * True once, right after a head with {@code Expect: 100-continue} whose body is still to come: the caller
     * sends {@code 100 Continue} (curl waits a second for it before sending a larger body).
     */
    public boolean takeExpectContinue() {
        boolean e = expectContinue && phase != Phase.DONE && phase != Phase.FAILED;
        expectContinue = false;
        return e;
    }

    /** The status to answer a request that failed to read (400, 413, 431, 501). */
    public int failStatus() {
        return failStatus;
    }

    /** Why reading failed, for the answer's text. */
    public String failReason() {
        return failReason;
    }

    /** The request, once {@link State#DONE}; its body is {@code maxBodyBytes + 1} long when it was too large. */
    public Request request() {
        if (phase != Phase.DONE) {
            throw new IllegalStateException("the request is not read yet");
        }
        int q = target.indexOf('?');
        byte[] b = body.toByteArray();
        if (tooLarge) {
            b = new byte[maxBodyBytes + 1]; // the receiver answers 413 for any body above its limit
        }
        return new Request(method, q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), headers, b);
    }

    private void readHead(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            head.write(b);
            if (head.size() > maxHeaderBytes) {
                fail(431, "request head larger than " + maxHeaderBytes + " bytes");
                return;
            }
            if (b == '\n' && endsWithBlankLine(head)) {
                parseHead(head.toString(StandardCharsets.ISO_8859_1));
                return;
            }
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream buf) {
        byte[] a = buf.toByteArray();
        int n = a.length;
        return (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r') || (n >= 2 && a[n - 2] == '\n');
    }

    private void parseHead(String text) {
        String[] lines = text.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) {
            first++; // a stray CRLF before the request line is allowed (RFC 9112, 2.2)
        }
        if (first == lines.length) {
            fail(400, "empty request");
            return;
        }
        String[] parts = lines[first].split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty() || !parts[1].startsWith("/")) {
            fail(400, "bad request line");
            return;
        }
        method = parts[0];
        target = parts[1];
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = first + 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                break;
            }
            int colon = l.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(l.charAt(colon - 1)) || Character.isWhitespace(l.charAt(0))) {
                fail(400, "bad header line");
                return;
            }
            h.computeIfAbsent(l.substring(0, colon), k -> new ArrayList<>()).add(l.substring(colon + 1).strip());
        }
        headers = h;
        List<String> te = h.get("Transfer-Encoding");
        List<String> cl = h.get("Content-Length");
        expectContinue = h.getOrDefault("Expect", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("100-continue"));
        if (te != null && cl != null) {
            fail(400, "both Content-Length and Transfer-Encoding");
        } else if (te != null) {
            if (te.size() != 1 || !te.get(0).toLowerCase(Locale.ROOT).equals("chunked")) {
                fail(501, "unsupported Transfer-Encoding");
            } else {
                phase = Phase.CHUNK_SIZE;
            }
        } else if (cl != null) {
            long length;
            try {
                length = cl.stream().map(String::strip).distinct().count() == 1 ? Long.parseLong(cl.get(0).strip()) : -1;
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                fail(400, "bad Content-Length");
            } else if (length > 8L * maxBodyBytes) {
                fail(413, "body of " + length + " bytes is larger than " + maxBodyBytes);
            } else {
                remaining = length;
                phase = length == 0 ? Phase.DONE : Phase.BODY;
            }
        } else {
            phase = Phase.DONE;
        }
    }

    private void readBody(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), remaining);
        take(in, n);
        remaining -= n;
        if (phase != Phase.FAILED && remaining == 0) {
            phase = Phase.DONE;
        }
    }

    private void take(ByteBuffer in, int n) {
        received += n;
        if (received > 8L * maxBodyBytes) {
            fail(413, "body larger than " + maxBodyBytes + " bytes");
            return;
        }
        if (received > maxBodyBytes) {
            tooLarge = true;
            in.position(in.position() + n);
            return;
        }
        byte[] chunk = new byte[n];
        in.get(chunk);
        body.write(chunk, 0, n);
    }

    private void readChunkLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c != '\n') {
                if (line.length() >= 1024) {
                    fail(400, "chunk line too long");
                    return;
                }
                line.append(c);
                continue;
            }
            String l = line.toString().strip();
            line.setLength(0);
            switch (phase) {
                case CHUNK_CRLF -> {
                    if (!l.isEmpty()) {
                        fail(400, "bad chunk end");
                        return;
                    }
                    phase = Phase.CHUNK_SIZE;
                }
                case CHUNK_SIZE -> {
                    int semi = l.indexOf(';');
                    try {
                        remaining = Long.parseLong(semi < 0 ? l : l.substring(0, semi).strip(), 16);
                    } catch (NumberFormatException e) {
                        remaining = -1;
                    }
                    if (remaining < 0) {
                        fail(400, "bad chunk size");
                        return;
                    }
                    phase = remaining == 0 ? Phase.TRAILERS : Phase.CHUNK_DATA;
                }
                case TRAILERS -> {
                    if (l.isEmpty()) {
                        phase = Phase.DONE;
                    }
                }
                default -> throw new IllegalStateException(phase.name());
            }
            return;
        }
    }

    private void readChunkData(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), remaining);
        take(in, n);
        remaining -= n;
        if (phase != Phase.FAILED && remaining == 0) {
            phase = Phase.CHUNK_CRLF;
        }
    }

    private void fail(int status, String reason) {
        failStatus = status;
        failReason = reason;
        phase = Phase.FAILED;
    }
}
