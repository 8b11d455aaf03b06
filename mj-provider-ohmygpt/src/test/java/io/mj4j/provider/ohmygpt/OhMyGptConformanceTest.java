package io.mj4j.provider.ohmygpt;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;
import org.junit.jupiter.api.DisplayName;

@DisplayName("OhMyGPT passes the mj4j conformance kit")
class OhMyGptConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new OhMyGptProviderFactory();
    }

    @Override
    protected VendorStubs stubs() {
        return new OhMyGptStubs();
    }
}
