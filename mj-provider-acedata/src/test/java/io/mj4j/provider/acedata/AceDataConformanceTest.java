package io.mj4j.provider.acedata;

import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;
import org.junit.jupiter.api.DisplayName;

@DisplayName("AceData passes the mj4j conformance kit")
class AceDataConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new AceDataProviderFactory();
    }

    @Override
    protected VendorStubs stubs() {
        return new AceDataStubs();
    }
}
