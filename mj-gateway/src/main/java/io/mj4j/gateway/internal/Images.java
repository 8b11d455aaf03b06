package io.mj4j.gateway.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Images in requests (imagine's {@code base64Array}, blend, describe): mj4j actions take image URLs, the protocol
 * sends base64 data URLs (mjproxy.md §5.1, §5.5, §5.6). A data URL is kept in the gateway's table under its content
 * hash and served at {@code <public URL>/mj/image/<hash>}, which the vendor fetches; an http(s) URL is passed as it
 * is (trueai accepts those too). Anything else is a code-4 answer before anything is sent. Thread-safe.
 */
public final class Images {
    /** Largest image accepted, decoded. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/webp", "image/gif");

    private final GatewayTasks tasks;
    private final URI publicBase;

    public Images(GatewayTasks tasks, URI publicBase) {
        this.tasks = tasks;
        this.publicBase = publicBase;
    }

    /**
     * The URL of one request image.
     *
     * @param field the request field, for messages
     * @throws Bad code 4 for anything but a data URL of an image or an http(s) URL
     */
    public URI url(String field, String value) {
        String v = value == null ? "" : value.strip();
        if (v.startsWith("http://") || v.startsWith("https://")) {
            try {
                URI u = URI.create(v);
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw Bad.validation(field + ": not a valid image URL");
            }
        }
        int comma = v.indexOf(',');
        if (!v.startsWith("data:") || comma < 0 || !v.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            // OSS v2 answers the same: code 4 "base64格式错误" (bad base64 format)
            throw Bad.validation(field + ": expected a data URL (data:image/png;base64,...) or an http(s) URL (base64格式错误)");
        }
        String type = v.substring(5, comma - ";base64".length()).toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw Bad.validation(field + ": unsupported image type '" + CustomIds.shorten(type) + "'; use png, jpeg, webp or gif");
        }
        byte[] data;
        try {
            data = Base64.getMimeDecoder().decode(v.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw Bad.validation(field + ": the base64 data is not valid (base64格式错误)");
        }
        if (data.length == 0 || data.length > MAX_BYTES) {
            throw Bad.validation(field + ": an image must have 1 to " + MAX_BYTES + " bytes, got " + data.length);
        }
        String id = sha256(data) + extension(type);
        tasks.putImage(id, type, data);
        String base = publicBase.toString().replaceAll("/+$", "");
        return URI.create(base + "/mj/image/" + id);
    }

    private static String extension(String type) {
        return switch (type) {
            case "image/png" -> ".png";
            case "image/webp" -> ".webp";
            case "image/gif" -> ".gif";
            default -> ".jpg";
        };
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /** True for an image id this gateway issues (hex and an extension), checked before any lookup. */
    public static boolean plausibleId(String id) {
        return id != null && id.matches("[0-9a-f]{40}\\.(png|jpg|webp|gif)");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
