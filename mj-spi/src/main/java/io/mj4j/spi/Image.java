package io.mj4j.spi;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** An image the vendor produced: its URL and, when the vendor says, its size. */
public record Image(URI url, Optional<Dimensions> size) {
    public Image {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(size, "size");
    }

    /** An image of unknown size. */
    public static Image of(URI url) {
        return new Image(url, Optional.empty());
    }

    /** An image of unknown size. */
    public static Image of(String url) {
        return new Image(URI.create(url), Optional.empty());
    }
}
