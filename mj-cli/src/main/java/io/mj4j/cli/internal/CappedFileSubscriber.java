package io.mj4j.cli.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body to a file as it arrives, one buffer list at a time (backpressure: the next is asked
 * for only after this one is on disk), so memory holds the HTTP client's small window, never the body. It stops
 * the download as soon as the body passes {@code cap} bytes or its first bytes are not a known
 * {@link MediaKind}, and deletes the partial file on any failure.
 */
final class CappedFileSubscriber implements HttpResponse.BodySubscriber<CappedFileSubscriber.Stored> {
    /** What was written: the file, its kind and its size. */
    record Stored(Path file, MediaKind kind, long bytes) {
    }

    /** Why a body was refused; the message is for the user. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private final Path file;
    private final long cap;
    private final String what;
    private final CompletableFuture<Stored> result = new CompletableFuture<>();
    private final byte[] head = new byte[MediaKind.SNIFF_BYTES];
    private int headLength;
    private MediaKind kind;
    private long bytes;
    private FileChannel channel;
    private Flow.Subscription subscription;

    CappedFileSubscriber(Path file, long cap, String what) {
        this.file = file;
        this.cap = cap;
        this.what = what;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            s.cancel();
            fail(e);
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer b : buffers) {
                bytes += b.remaining();
                if (bytes > cap) {
                    throw new Refused(what + " is larger than the limit of " + cap + " bytes; stopped reading it");
                }
                if (kind == null) {
                    int n = Math.min(head.length - headLength, b.remaining());
                    b.duplicate().get(head, headLength, n);
                    headLength += n;
                    if (headLength == head.length) {
                        sniff();
                    }
                }
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (IOException e) {
            subscription.cancel();
            fail(e);
            return;
        }
        subscription.request(1);
    }

    private void sniff() throws Refused {
        kind = MediaKind.sniff(Arrays.copyOf(head, headLength)).orElseThrow(() -> new Refused(what
                + " is not a PNG, JPEG, GIF, WebP or MP4 file (it starts with " + printable(head, headLength) + ")"));
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        try {
            if (kind == null) {
                sniff();
            }
            channel.close();
            result.complete(new Stored(file, kind, bytes));
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Throwable t) {
        try {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the original failure is what matters
        }
        result.completeExceptionally(t);
    }

    @Override
    public CompletionStage<Stored> getBody() {
        return result;
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }
}
