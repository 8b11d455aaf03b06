package io.mj4j.cli.internal;

import io.mj4j.spi.Action;
import io.mj4j.spi.InvalidRequestException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the command line's files and folders, made before anything is sent: a task the vendor charges for
 * must not be lost to a typo found only when its result is saved. Each failure is an
 * {@link InvalidRequestException} naming the flag and the value (exit code 2).
 */
public final class InputChecks {
    private InputChecks() {
    }

    /**
     * The results folder: an existing folder, or one that can be made (its nearest existing ancestor is a folder
     * we may write into). Nothing is created here.
     */
    public static void outputFolder(Path out, String flag) {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new InvalidRequestException(flag + " " + out + " is a file, not a folder; give a folder for the results");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidRequestException(flag + " " + out + " cannot be created: " + existing + " is not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidRequestException(flag + " " + out + ": the folder " + existing + " is not writable");
        }
    }

    /**
     * A vary-region mask: a regular file (not a device such as /dev/zero, not a folder) whose size, read from the
     * file system, is within {@link Action.VaryRegion#MAX_MASK_BYTES}, and whose bytes start as a PNG. At most the
     * limit plus one byte is read, even if the file grows meanwhile.
     */
    public static byte[] mask(Path mask) {
        if (!Files.exists(mask)) {
            throw new InvalidRequestException("--mask: no such file: " + mask);
        }
        if (!Files.isRegularFile(mask)) {
            throw new InvalidRequestException("--mask " + mask + " is not a regular file; give a black-and-white PNG image");
        }
        long limit = Action.VaryRegion.MAX_MASK_BYTES;
        byte[] png;
        try {
            long size = Files.size(mask);
            if (size > limit) {
                throw new InvalidRequestException("--mask " + mask + " has " + size + " bytes, more than the limit of " + limit);
            }
            try (InputStream in = Files.newInputStream(mask)) {
                png = in.readNBytes((int) limit + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --mask " + mask, e);
        }
        if (png.length > limit) {
            throw new InvalidRequestException("--mask " + mask + " has more than " + limit + " bytes");
        }
        if (MediaKind.sniff(png).filter(k -> k == MediaKind.PNG).isEmpty()) {
            throw new InvalidRequestException("--mask " + mask + " is not a PNG image");
        }
        return png;
    }
}
