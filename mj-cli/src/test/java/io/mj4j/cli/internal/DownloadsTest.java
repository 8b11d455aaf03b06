package io.mj4j.cli.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The result downloader against a loopback server that misbehaves the ways a vendor's result URL could. */
class DownloadsTest {
    private static final byte[] PNG = bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3);
    private static final byte[] JPEG = bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1);
    private static final byte[] GIF = "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] WEBP = "RIFF\u0024\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] MP4 = "\u0000\u0000\u0000\u0018ftypmp42\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
    private static final long CAP = 1024 * 1024;

    @TempDir
    Path dir;
    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final AtomicLong endlessSent = new AtomicLong();

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requests.add(path);
        try (x) {
            switch (path) {
                case "/grid.png" -> send(x, "image/png", PNG);
                case "/photo" -> send(x, "application/octet-stream", JPEG);
                case "/anim" -> send(x, null, GIF);
                case "/pic.webp" -> send(x, "image/webp", WEBP);
                case "/clip" -> send(x, "video/mp4", MP4);
                case "/page" -> send(x, "text/html", "<html>hi</html>".getBytes(StandardCharsets.UTF_8));
                case "/fake.png" -> send(x, "application/octet-stream", "<html><body>not an image</body></html>".getBytes(StandardCharsets.UTF_8));
                case "/endless" -> endless(x, 0);
                case "/declared-huge" -> endless(x, 2 * CAP);
                case "/to-file" -> redirect(x, "file:///etc/passwd");
                case "/to-metadata" -> redirect(x, "http://169.254.169.254/latest/meta-data/");
                case "/to-private" -> redirect(x, "http://10.1.2.3/grid.png");
                default -> {
                    if (path.matches("/hop/\\d+")) {
                        int n = Integer.parseInt(path.substring(5));
                        redirect(x, n == 0 ? "/grid.png" : "/hop/" + (n - 1)); // a relative Location
                    } else {
                        x.sendResponseHeaders(404, -1);
                    }
                }
            }
        }
    }

    private static void send(HttpExchange x, String type, byte[] body) throws IOException {
        if (type != null) {
            x.getResponseHeaders().add("Content-Type", type);
        }
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
    }

    /** A PNG that never ends (chunked), or one that declares {@code declared} bytes; writes until the client hangs up. */
    private void endless(HttpExchange x, long declared) throws IOException {
        x.getResponseHeaders().add("Content-Type", "image/png");
        x.sendResponseHeaders(200, declared);
        OutputStream out = x.getResponseBody();
        out.write(PNG);
        byte[] block = new byte[64 * 1024];
        try {
            while (true) {
                out.write(block);
                endlessSent.addAndGet(block.length);
            }
        } catch (IOException hungUp) {
            // the downloader stopped reading: what this test wants
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private Downloads onLoopbackVendor() {
        return new Downloads(AddressPolicy.forVendor(url("/")), CAP, Duration.ofSeconds(60));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    @DisplayName("each result format is recognised by its first bytes and saved with its extension, whatever the Content-Type says")
    void formatsByMagicBytes() throws Exception {
        Downloads d = onLoopbackVendor();
        List<String> names = new ArrayList<>();
        for (String p : List.of("/grid.png", "/photo", "/anim", "/pic.webp", "/clip")) {
            Path f = d.download(url(p), dir, "r" + names.size());
            names.add(f.getFileName().toString());
        }
        assertThat(names).containsExactly("r0.png", "r1.jpg", "r2.gif", "r3.webp", "r4.mp4");
        assertThat(Files.readAllBytes(dir.resolve("r1.jpg"))).isEqualTo(JPEG);
        assertThat(files()).hasSize(5);
    }

    @Test
    @DisplayName("a page, or bytes that are no image whatever the type, are refused and nothing is left on disk")
    void notAnImage() throws Exception {
        Downloads d = onLoopbackVendor();
        ProviderProtocolException html = catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/page"), dir, "x"));
        assertThat(html).hasMessageContaining("not an image or a video").hasMessageContaining("text/html");
        ProviderProtocolException fake = catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/fake.png"), dir, "x"));
        assertThat(fake).hasMessageContaining("is not a PNG, JPEG, GIF, WebP or MP4 file").hasMessageContaining("<html>");
        assertThat(files()).isEmpty();
    }

    @Test
    @Timeout(120)
    @DisplayName("a body that never ends is cut at the cap while streaming (never held in memory), and the partial file is removed")
    void endlessBodyIsCut() throws Exception {
        Downloads d = onLoopbackVendor();
        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/endless"), dir, "x"));
        assertThat(e).hasMessageContaining("larger than the limit of " + CAP);
        assertThat(files()).isEmpty();

        ProviderProtocolException declared = catchThrowableOfType(ProviderProtocolException.class,
                () -> d.download(url("/declared-huge"), dir, "y"));
        assertThat(declared).hasMessageContaining("declares " + 2 * CAP + " bytes");
        assertThat(files()).isEmpty();
    }

    @Test
    @DisplayName("three redirects are followed (relative Location), a fourth is refused")
    void redirects() throws Exception {
        Downloads d = onLoopbackVendor();
        assertThat(d.download(url("/hop/2"), dir, "ok")).hasFileName("ok.png");
        assertThat(requests).containsExactly("/hop/2", "/hop/1", "/hop/0", "/grid.png");
        requests.clear();
        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/hop/3"), dir, "no"));
        assertThat(e).hasMessageContaining("more than 3 redirects");
        assertThat(requests).containsExactly("/hop/3", "/hop/2", "/hop/1", "/hop/0");
        assertThat(files()).extracting(p -> p.getFileName().toString()).containsExactly("ok.png");
    }

    @Test
    @DisplayName("a redirect to file:, to a metadata address or to a private address is refused before any connection")
    void redirectTargets() {
        Downloads d = onLoopbackVendor();
        assertThat(catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/to-file"), dir, "x")))
                .hasMessageContaining("non-http(s) URL: file:///etc/passwd");
        assertThat(catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/to-metadata"), dir, "x")))
                .hasMessageContaining("metadata address (169.254.169.254)");
        assertThat(catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/to-private"), dir, "x")))
                .hasMessageContaining("private address (10.1.2.3)");
    }

    @Test
    @DisplayName("with the vendor on a public address, a result on loopback is refused and never requested")
    void loopbackRefusedForPublicVendor() {
        Downloads d = new Downloads(AddressPolicy.forVendor(URI.create("https://203.0.113.7/mj")), CAP, Duration.ofSeconds(60));
        MjException e = catchThrowableOfType(ProviderProtocolException.class, () -> d.download(url("/grid.png"), dir, "x"));
        assertThat(e).hasMessageContaining("loopback address (127.0.0.1)").hasMessageContaining("203.0.113.7");
        assertThat(requests).isEmpty();
    }

    @Test
    @DisplayName("address kinds: loopback, private (RFC 1918, CGNAT, IPv6 ULA), link-local, metadata, public")
    void addressKinds() throws Exception {
        assertThat(Stream.of("127.0.0.1", "0.0.0.0", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "fd12::1",
                        "169.254.1.1", "fe80::1", "169.254.169.254", "fd00:ec2::254", "8.8.8.8", "2606:4700::1111")
                .map(a -> {
                    try {
                        return AddressPolicy.kind(InetAddress.getByName(a)).name();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList())
                .containsExactly("LOOPBACK", "LOOPBACK", "LOOPBACK", "PRIVATE", "PRIVATE", "PRIVATE", "PRIVATE", "PRIVATE",
                        "LINK_LOCAL", "LINK_LOCAL", "METADATA", "METADATA", "PUBLIC", "PUBLIC");
        assertThat(Arrays.asList(MediaKind.sniff(PNG), MediaKind.sniff("hello world!".getBytes(StandardCharsets.US_ASCII))))
                .extracting(o -> o.map(Enum::name).orElse("none")).containsExactly("PNG", "none");
    }
}
