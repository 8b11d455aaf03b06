package io.mj4j.provider.mjproxy;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;
import org.junit.jupiter.api.DisplayName;

/** The conformance kit against the midjourney-proxy protocol (default settings: the Plus lineage). */
@DisplayName("mjproxy conformance")
class MjProxyConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new MjProxyProviderFactory();
    }

    @Override
    protected VendorStubs stubs() {
        return new MjProxyStubs();
    }
}
