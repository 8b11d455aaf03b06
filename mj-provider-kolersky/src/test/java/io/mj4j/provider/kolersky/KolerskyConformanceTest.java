package io.mj4j.provider.kolersky;

import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;
import org.junit.jupiter.api.DisplayName;

import java.util.Optional;

/** Kolersky against the mj4j conformance kit, with the default options. */
@DisplayName("Kolersky passes the conformance kit")
class KolerskyConformanceTest extends ProviderConformanceKit {
    @Override
    protected MjProviderFactory factory() {
        return new KolerskyProviderFactory();
    }

    @Override
    protected VendorStubs stubs() {
        return new KolerskyStubs();
    }

    /** kolersky.md §2.7: /pan requires a prompt, and a parent read by a bare fetch has none on record. */
    @Override
    protected Action sampleAction(FollowUp f) {
        return f.kind() == ActionKind.PAN
                ? new Action.Pan(Action.Direction.valueOf(f.option()), Optional.of("a wider view"))
                : super.sampleAction(f);
    }
}
