package io.mj4j.core;

import io.mj4j.spi.HttpCall;
import io.mj4j.spi.TransportException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JdkTransportTest {

    @Test
    @DisplayName("a refused connection is classified as not sent, and the message hides the key")
    void refusedIsNotSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JdkTransport t = JdkTransport.builder().connectTimeout(Duration.ofSeconds(2)).build().addSecret("sk-live-abcdef");
        TransportException e = catchThrowableOfType(TransportException.class, () -> t.send(HttpCall
                .get(URI.create("http://127.0.0.1:" + port + "/x?key=sk-live-abcdef")).header("Authorization", "sk-live-abcdef").build()));
        assertThat(e.delivery()).isEqualTo(TransportException.Delivery.NOT_SENT);
        assertThat(e.mayHaveCreatedTask()).isFalse();
        assertThat(e.getMessage()).doesNotContain("sk-live-abcdef").contains("****");
    }

    @Test
    @DisplayName("a timeout after the request left is classified as maybe sent")
    void classification() {
        assertThat(JdkTransport.classify(new java.net.http.HttpTimeoutException("t"))).isEqualTo(TransportException.Delivery.MAYBE_SENT);
        assertThat(JdkTransport.classify(new java.net.http.HttpConnectTimeoutException("t"))).isEqualTo(TransportException.Delivery.NOT_SENT);
        assertThat(JdkTransport.classify(new java.io.IOException("reset", new java.net.ConnectException("refused"))))
                .isEqualTo(TransportException.Delivery.NOT_SENT);
        assertThat(JdkTransport.classify(new java.io.IOException("Connection reset"))).isEqualTo(TransportException.Delivery.MAYBE_SENT);
    }
}
