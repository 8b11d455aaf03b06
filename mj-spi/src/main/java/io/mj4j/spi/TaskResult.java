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

    /**
     * The main image URL, the same for every vendor: the grid where the task made one (imagine, variation,
     * reroll, zoom, pan, blend), else the single image (upscale). Vendors that also return the four cells of a
     * grid do not change it: the cells are in {@link #cells()}.
     */
    public Optional<URI> primaryImage() {
        if (grid.isPresent()) {
            return grid.map(Image::url);
        }
        return images.isEmpty() ? Optional.empty() : Optional.of(images.get(0).url());
    }

    /**
     * The cells of a grid, in order (cell 1 first), where the vendor returns them with the grid; empty for a
     * single-image result and for vendors that only return the grid (upscale a cell to get it).
     */
    public List<Image> cells() {
        return grid.isPresent() ? images : List.of();
    }
}
