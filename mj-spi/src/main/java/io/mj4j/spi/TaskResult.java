package io.mj4j.spi;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a finished task produced. Depending on the action: a grid image (imagine, variation, reroll,
 * zoom, pan, blend), single images (upscale; also the four cells where a vendor returns them), video
 * URLs (animate), prompt texts (describe, shorten) or a seed.
 */
public record TaskResult(Optional<Image> grid, List<Image> images, List<URI> videos, List<String> texts,
                         OptionalLong seed) {
    public TaskResult {
        Objects.requireNonNull(grid, "grid");
        images = List.copyOf(images);
        videos = List.copyOf(videos);
        texts = List.copyOf(texts);
        Objects.requireNonNull(seed, "seed");
    }

    /** A grid result. */
    public static TaskResult ofGrid(Image grid) {
        return new TaskResult(Optional.of(grid), List.of(), List.of(), List.of(), OptionalLong.empty());
    }

    /** A single-image result. */
    public static TaskResult ofImage(Image image) {
        return new TaskResult(Optional.empty(), List.of(image), List.of(), List.of(), OptionalLong.empty());
    }

    /** Video URLs. */
    public static TaskResult ofVideos(List<URI> videos) {
        return new TaskResult(Optional.empty(), List.of(), videos, List.of(), OptionalLong.empty());
    }

    /** Prompt texts (describe, shorten). */
    public static TaskResult ofTexts(List<String> texts) {
        return new TaskResult(Optional.empty(), List.of(), List.of(), texts, OptionalLong.empty());
    }

    /** A seed. */
    public static TaskResult ofSeed(long seed) {
        return new TaskResult(Optional.empty(), List.of(), List.of(), List.of(), OptionalLong.of(seed));
    }

    /** The main image URL: the first single image, else the grid. */
    public Optional<URI> primaryImage() {
        if (!images.isEmpty()) {
            return Optional.of(images.get(0).url());
        }
        return grid.map(Image::url);
    }
}
