package io.mj4j.sandbox.internal;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the sandbox's results with Java2D: a 2x2 grid showing the prompt and the cell numbers, at the
 * size the aspect ratio implies (each cell's long side 512 px), single images of one cell, and a small
 * animated GIF for videos. Pure functions of their inputs; thread-safe.
 */
public final class ImageRenderer {
    /** Long side of one grid cell and of an upscaled image, in pixels. */
    public static final int CELL_LONG_SIDE = 512;

    private ImageRenderer() {
    }

    /** Width and height of one cell (and of an upscale) for "W:H". */
    public static int[] cellSize(String aspectRatio) {
        String[] p = aspectRatio.split(":");
        double w = Double.parseDouble(p[0]);
        double h = Double.parseDouble(p[1]);
        if (w >= h) {
            return new int[]{CELL_LONG_SIDE, Math.max(1, (int) Math.round(CELL_LONG_SIDE * h / w))};
        }
        return new int[]{Math.max(1, (int) Math.round(CELL_LONG_SIDE * w / h)), CELL_LONG_SIDE};
    }

    /** The 2x2 grid as PNG bytes. */
    public static byte[] gridPng(String prompt, String aspectRatio, long seed) {
        int[] c = cellSize(aspectRatio);
        BufferedImage img = new BufferedImage(c[0] * 2, c[1] * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            for (int cell = 1; cell <= 4; cell++) {
                int x = ((cell - 1) % 2) * c[0];
                int y = ((cell - 1) / 2) * c[1];
                paintCell(g, x, y, c[0], c[1], prompt, cell, seed);
            }
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /** One cell of the grid (an upscale of cell {@code cell}) as PNG bytes. */
    public static byte[] cellPng(String prompt, String aspectRatio, long seed, int cell) {
        int[] c = cellSize(aspectRatio);
        BufferedImage img = new BufferedImage(c[0], c[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            paintCell(g, 0, 0, c[0], c[1], prompt, cell, seed);
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /** A short animated GIF (8 frames) of one cell, standing in for a video. */
    public static byte[] videoGif(String prompt, String aspectRatio, long seed) {
        int[] c = cellSize(aspectRatio);
        int w = c[0] / 2;
        int h = c[1] / 2;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int f = 0; f < 8; f++) {
                BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                try {
                    paintCell(g, 0, 0, w, h, prompt, 1, seed + f * 7919L);
                } finally {
                    g.dispose();
                }
                writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
            writer.dispose();
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void paintCell(Graphics2D g, int x, int y, int w, int h, String prompt, int cell, long seed) {
        g.setClip(x, y, w, h);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // reduce the seed first: a large seed as a float would swallow the per-cell offset
        float hue = (Math.floorMod(seed * 31, 1000L) + cell * 230) % 1000 / 1000f;
        Color a = Color.getHSBColor(hue, 0.55f, 0.85f);
        Color b = Color.getHSBColor((hue + 0.18f) % 1f, 0.65f, 0.45f);
        g.setPaint(new GradientPaint(x, y, a, x + w, y + h, b));
        g.fillRect(x, y, w, h);
        g.setColor(new Color(255, 255, 255, 60));
        g.setStroke(new BasicStroke(Math.max(2, w / 100f)));
        for (int i = 0; i < 5; i++) {
            int r = (int) ((i + 1) * Math.min(w, h) / 6.0);
            g.drawOval(x + w / 2 - r, y + h / 2 - r, 2 * r, 2 * r);
        }
        g.setColor(new Color(0, 0, 0, 110));
        g.fillRect(x, y + h - h / 3, w, h / 3);
        g.setColor(Color.WHITE);
        int big = Math.max(12, Math.min(w, h) / 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, big));
        g.drawString(String.valueOf(cell), x + w / 20, y + big + h / 20);
        int small = Math.max(9, Math.min(w, h) / 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, small));
        FontMetrics fm = g.getFontMetrics();
        int line = y + h - h / 3 + small + 4;
        for (String text : wrap(prompt == null ? "" : prompt, fm, w - w / 10)) {
            if (line > y + h - 4) {
                break;
            }
            g.drawString(text, x + w / 20, line);
            line += small + 3;
        }
        g.setColor(new Color(255, 255, 255, 160));
        g.drawRect(x, y, w - 1, h - 1);
    }

    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String next = cur.length() == 0 ? word : cur + " " + word;
            if (fm.stringWidth(next) > width && cur.length() > 0) {
                lines.add(cur.toString());
                cur = new StringBuilder(word);
            } else {
                cur = new StringBuilder(next);
            }
        }
        if (cur.length() > 0) {
            lines.add(cur.toString());
        }
        return lines;
    }

    private static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
