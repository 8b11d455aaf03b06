package io.mj4j.gateway;

import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A simulated vendor and a gateway in front of it on loopback, with two client keys. */
final class GatewayFixture implements AutoCloseable {
    static final String APP_SECRET = "app-secret-0123456789";
    static final String OTHER_SECRET = "other-secret-0123456789";

    final MjSandbox vendor;
    final Gateway gateway;

    GatewayFixture(Path dir, Consumer<GatewaySettings.Builder> extra) {
        this(MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.01).seed(7).build()), dir, extra);
    }

    GatewayFixture(MjSandbox vendor, Path dir, Consumer<GatewaySettings.Builder> extra) {
        this.vendor = vendor;
        GatewaySettings.Builder b = GatewaySettings.builder().provider(vendor.vendorId()).environment(vendor.environment())
                .h2File(dir.resolve("gateway")).port(0).vendorCallbacks(true)
                .clientKey(ClientKey.of("app", APP_SECRET)).clientKey(ClientKey.of("other", OTHER_SECRET));
        extra.accept(b);
        this.gateway = Gateway.start(b.build());
    }

    /** The base URL as the protocol's docs write it. */
    URI base() {
        return URI.create(gateway.uri() + "/mj");
    }

    Wire app() {
        return new Wire(base(), "mj-api-secret", APP_SECRET);
    }

    Wire other() {
        return new Wire(base(), "Authorization", "Bearer " + OTHER_SECRET);
    }

    @Override
    public void close() {
        gateway.close();
        vendor.close();
    }
}
