package io.mj4j.spi;

/** Midjourney's GPU speed modes ({@code --relax}, {@code --fast}, {@code --turbo}). */
public enum SpeedMode { RELAX, FAST, TURBO }
