package io.mj4j.spi;

/** Pixel size of an image. */
public record Dimensions(int width, int height) {
    public Dimensions {
        Checks.require(width > 0 && height > 0, "dimensions", "must be positive, got " + width + "x" + height);
    }
}
