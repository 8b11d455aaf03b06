package io.mj4j.cli.internal;

import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderUnavailableException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Downloads results (http(s) only, size-capped, images or videos) and splits grids into their four cells. */
public final class Downloads {
    /** Largest result accepted. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Downloads {@code url} to {@code dir/name + extension}; returns the file. */
    public Path download(URI url, Path dir, String name) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRequestException("refusing to download a result from a non-http(s) URL: " + url);
        }
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                throw new ProviderUnavailableException("downloading " + url + " failed: HTTP " + r.statusCode(), false);
            }
            if (r.body().length > MAX_BYTES) {
                throw new ProviderUnavailableException("result " + url + " is larger than " + MAX_BYTES + " bytes", false);
            }
            String type = r.headers().firstValue("Content-Type").orElse("application/octet-stream").toLowerCase(Locale.ROOT);
            if (!type.startsWith("image/") && !type.startsWith("video/") && !type.startsWith("application/octet-stream")) {
                throw new ProviderUnavailableException("result " + url + " is not an image or a video (" + type + ")", false);
            }
            Files.createDirectories(dir);
            Path file = dir.resolve(name + extension(type, url));
            Files.write(file, r.body());
            return file;
        } catch (IOException e) {
            throw new ProviderUnavailableException("downloading " + url + " failed: " + e.getMessage(), e, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while downloading " + url, false);
        }
    }

    private static String extension(String contentType, URI url) {
        if (contentType.contains("png")) return ".png";
        if (contentType.contains("jpeg") || contentType.contains("jpg")) return ".jpg";
        if (contentType.contains("webp")) return ".webp";
        if (contentType.contains("gif")) return ".gif";
        if (contentType.contains("mp4")) return ".mp4";
        String path = url.getPath() == null ? "" : url.getPath();
        int dot = path.lastIndexOf('.');
        return dot >= 0 && path.length() - dot <= 5 ? path.substring(dot) : ".bin";
    }

    /** Splits a 2x2 grid image into {@code name-1.png} .. {@code name-4.png} next to it. */
    public List<Path> splitGrid(Path grid, String name) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(grid)));
            if (img == null) {
                throw new ProviderUnavailableException("the grid " + grid + " is not an image Java can read", false);
            }
            int w = img.getWidth() / 2;
            int h = img.getHeight() / 2;
            List<Path> cells = new ArrayList<>();
            for (int cell = 1; cell <= 4; cell++) {
                BufferedImage part = img.getSubimage(((cell - 1) % 2) * w, ((cell - 1) / 2) * h, w, h);
                Path out = grid.resolveSibling(name + "-" + cell + ".png");
                ImageIO.write(part, "png", out.toFile());
                cells.add(out);
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot split the grid " + grid, e);
        }
    }
}
