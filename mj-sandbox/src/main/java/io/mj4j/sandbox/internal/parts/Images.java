package io.mj4j.sandbox.internal.parts;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Images a request carries inline (masks, uploads): base64 text, with or without a {@code data:...;base64,}
 * prefix, line breaks allowed. The simulators check what they need of them (size, PNG, black and white). Stateless.
 */
public final class Images {
    private Images() {
    }

    /** The decoded bytes, or empty when the text is not base64 or decodes to nothing. */
    public static Optional<byte[]> bytes(String base64) {
        String m = base64.replaceAll("\\s+", "");
        int comma = m.indexOf(',');
        if (m.startsWith("data:") && comma > 0) {
            m = m.substring(comma + 1);
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(m);
            return bytes.length == 0 ? Optional.empty() : Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The image the bytes hold, or empty when no reader of the JDK reads them. */
    public static Optional<BufferedImage> read(byte[] bytes) {
        try {
            return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when the bytes start with the PNG signature. */
    public static boolean isPng(byte[] bytes) {
        return bytes.length > 4 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }
}
