package io.mj4j.cli.internal;

import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads results and splits grids into their four cells. A result URL comes from the vendor, so it is
 * treated as untrusted: http(s) only; at most {@link #MAX_REDIRECTS} redirects, each checked again (no https to
 * http); every host checked by the {@link AddressPolicy} before connecting; the body streamed to a
 * {@code .part} file with a hard cap and refused unless its first bytes are PNG, JPEG, GIF, WebP or MP4 (a
 * declared type other than image, video or octet-stream is refused before reading); each hop must finish
 * within a time limit. Nothing is left on disk after a refusal.
 */
public final class Downloads {
    /** Largest result accepted. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /** Redirects followed at most. */
    public static final int MAX_REDIRECTS = 3;
    /** Longest time one request (headers and body) may take. */
    public static final Duration TIME_LIMIT = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AddressPolicy policy;
    private final long maxBytes;
    private final Duration timeLimit;

    /** Downloads allowed by {@code policy}, up to {@link #MAX_BYTES} each. */
    public Downloads(AddressPolicy policy) {
        this(policy, MAX_BYTES, TIME_LIMIT);
    }

    Downloads(AddressPolicy policy, long maxBytes, Duration timeLimit) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.maxBytes = maxBytes;
        this.timeLimit = timeLimit;
    }

    /**
     * Downloads {@code url} to {@code dir/name} plus the extension its bytes call for; returns the file.
     *
     * @throws ProviderProtocolException   the URL, a redirect, the address, the type, the size or the bytes are refused
     * @throws ProviderUnavailableException the server could not be reached or answered an error
     */
    public Path download(URI url, Path dir, String name) {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            String scheme = current.getScheme() == null ? "" : current.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ProviderProtocolException("refusing to download a result from a non-http(s) URL: " + current
                        + (current == url ? "" : " (redirected from " + url + ")"));
            }
            policy.check(current);
            HttpResponse<CappedFileSubscriber.Stored> r = fetch(current, dir, name);
            int status = r.statusCode();
            if (status / 100 == 3 && r.headers().firstValue("Location").isPresent()) {
                URI next = current.resolve(r.headers().firstValue("Location").get().strip());
                if (redirects + 1 > MAX_REDIRECTS) {
                    throw new ProviderProtocolException("refusing to follow more than " + MAX_REDIRECTS + " redirects downloading " + url);
                }
                if (scheme.equals("https") && "http".equalsIgnoreCase(next.getScheme())) {
                    throw new ProviderProtocolException("refusing a redirect from https to http (" + current + " -> " + next + ")");
                }
                current = next;
                continue;
            }
            if (status / 100 != 2) {
                throw new ProviderUnavailableException("downloading " + current + " failed: HTTP " + status, false);
            }
            CappedFileSubscriber.Stored stored = r.body();
            Path file = dir.resolve(name + stored.kind().extension());
            try {
                return Files.move(stored.file(), file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                deleteQuietly(stored.file());
                throw new UncheckedIOException("cannot save " + file, e);
            }
        }
    }

    private HttpResponse<CappedFileSubscriber.Stored> fetch(URI url, Path dir, String name) {
        Path part;
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, name + "-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir, e);
        }
        String what = "the result " + url;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeLimit).GET().build();
        CompletableFuture<HttpResponse<CappedFileSubscriber.Stored>> f = http.sendAsync(request, info -> {
            if (info.statusCode() / 100 != 2) {
                return Skip.with(null); // a redirect or an error: its body is not wanted
            }
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.isEmpty() && !type.startsWith("image/") && !type.startsWith("video/")
                    && !type.startsWith("application/octet-stream") && !type.startsWith("binary/octet-stream")) {
                return Skip.failing(new CappedFileSubscriber.Refused(what + " is not an image or a video (Content-Type: " + type + ")"));
            }
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                return Skip.failing(new CappedFileSubscriber.Refused(what + " declares " + declared
                        + " bytes, more than the limit of " + maxBytes));
            }
            return new CappedFileSubscriber(part, maxBytes, what);
        });
        try {
            HttpResponse<CappedFileSubscriber.Stored> r = f.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
            if (r.statusCode() / 100 != 2) {
                deleteQuietly(part);
            }
            return r;
        } catch (TimeoutException e) {
            f.cancel(true);
            deleteQuietly(part);
            throw new ProviderUnavailableException("downloading " + url + " took longer than " + timeLimit + "; stopped", false);
        } catch (ExecutionException e) {
            deleteQuietly(part);
            Throwable cause = e.getCause() instanceof IOException && e.getCause().getCause() instanceof CappedFileSubscriber.Refused
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof CappedFileSubscriber.Refused) {
                throw new ProviderProtocolException(cause.getMessage());
            }
            throw new ProviderUnavailableException("downloading " + url + " failed: " + cause, cause, false, null);
        } catch (InterruptedException e) {
            f.cancel(true);
            deleteQuietly(part);
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while downloading " + url, false);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray .part file is the worst case
        }
    }

    /** A body subscriber that does not read the body: cancels at once and completes with a value or a failure. */
    private static final class Skip implements HttpResponse.BodySubscriber<CappedFileSubscriber.Stored> {
        private final CompletableFuture<CappedFileSubscriber.Stored> result = new CompletableFuture<>();
        private final CappedFileSubscriber.Stored value;
        private final Throwable failure;

        private Skip(CappedFileSubscriber.Stored value, Throwable failure) {
            this.value = value;
            this.failure = failure;
        }

        static Skip with(CappedFileSubscriber.Stored value) {
            return new Skip(value, null);
        }

        static Skip failing(Throwable t) {
            return new Skip(null, t);
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            s.cancel();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(failure != null ? failure : t);
        }

        @Override
        public void onComplete() {
            result.complete(value);
        }

        @Override
        public java.util.concurrent.CompletionStage<CappedFileSubscriber.Stored> getBody() {
            return result;
        }
    }

    /** Largest grid side decoded (a small compressed file can claim a huge image). */
    static final int MAX_GRID_SIDE = 16_384;

    private static void checkDimensions(Path grid) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(grid.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ProviderProtocolException("the grid " + grid + " is not an image Java can read");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_GRID_SIDE || h > MAX_GRID_SIDE) {
                    throw new ProviderProtocolException("the grid " + grid + " claims " + w + "x" + h
                            + " pixels, more than " + MAX_GRID_SIDE + " a side; not splitting it");
                }
            } finally {
                reader.dispose();
            }
        }
    }

    /** Splits a 2x2 grid image into {@code name-1.png} .. {@code name-4.png} next to it. */
    public List<Path> splitGrid(Path grid, String name) {
        try {
            checkDimensions(grid);
            BufferedImage img = ImageIO.read(grid.toFile());
            if (img == null) {
                throw new ProviderProtocolException("the grid " + grid + " is not an image Java can read");
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
