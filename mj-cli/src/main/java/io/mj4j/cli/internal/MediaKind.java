package io.mj4j.cli.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The result formats the CLI saves, recognised by their first bytes (not by the Content-Type a server claims):
 * a result that is not one of these is refused, whatever it calls itself.
 */
public enum MediaKind {
    PNG(".png"), JPEG(".jpg"), GIF(".gif"), WEBP(".webp"), MP4(".mp4");

    /** Bytes needed to tell the kinds apart. */
    public static final int SNIFF_BYTES = 12;

    private final String extension;

    MediaKind(String extension) {
        this.extension = extension;
    }

    /** The file name ending, with its dot. */
    public String extension() {
        return extension;
    }

    /** The kind of a file starting with {@code head} (at least {@link #SNIFF_BYTES} bytes for WebP and MP4). */
    public static Optional<MediaKind> sniff(byte[] head) {
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (ascii(head, 4, "ftyp")) {
            return Optional.of(MP4);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int at, int... expected) {
        if (head.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[at + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return head.length >= at + b.length && Arrays.equals(head, at, at + b.length, b, 0, b.length);
    }
}
