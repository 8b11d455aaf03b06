package io.mj4j.provider.gptunnel;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;
import org.junit.jupiter.api.DisplayName;

@DisplayName("GPTunnel passes the provider conformance kit")
class GptunnelConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new GptunnelProviderFactory();
    }

    @Override
    protected VendorStubs stubs() {
        return new GptunnelStubs();
    }
}
