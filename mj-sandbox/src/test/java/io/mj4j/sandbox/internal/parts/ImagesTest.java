package io.mj4j.sandbox.internal.parts;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesTest {
    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    @DisplayName("bytes decodes base64 with or without a data: prefix and across line breaks")
    void decodes() throws IOException {
        byte[] png = png(3, 2);
        String b64 = Base64.getEncoder().encodeToString(png);
        assertThat(Images.bytes(b64)).hasValue(png);
        assertThat(Images.bytes("data:image/png;base64," + b64)).hasValue(png);
        assertThat(Images.bytes(b64.substring(0, 8) + "\n" + b64.substring(8))).hasValue(png);
    }

    @Test
    @DisplayName("bytes is empty for text that is not base64 or decodes to nothing")
    void refuses() {
        assertThat(Images.bytes("%%%")).isEmpty();
        assertThat(Images.bytes("not base64!")).isEmpty();
        assertThat(Images.bytes("")).isEmpty();
        assertThat(Images.bytes("data:image/png;base64,")).isEmpty();
    }

    @Test
    @DisplayName("read gives the image and its size; isPng knows the signature; bytes of no image read as empty")
    void reads() throws IOException {
        byte[] png = png(5, 4);
        assertThat(Images.isPng(png)).isTrue();
        assertThat(Images.read(png)).hasValueSatisfying(i -> assertThat(i.getWidth() + "x" + i.getHeight()).isEqualTo("5x4"));
        byte[] text = "plain text, no image".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Images.isPng(text)).isFalse();
        assertThat(Images.read(text)).isEmpty();
    }
}
