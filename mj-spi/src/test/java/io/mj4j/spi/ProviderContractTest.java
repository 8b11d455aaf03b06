package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Provider contract types")
class ProviderContractTest {

    private static final URI BASE = URI.create("https://api.example.com");
    private static final Transport NO_NETWORK = call -> {
        throw new AssertionError("no request expected: " + call);
    };
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Nested
    @DisplayName("ProviderDescriptor")
    class Descriptor {

        @Test
        @DisplayName("the builder records the SPI version, actions, features and limits")
        void builder() {
            // when
            ProviderDescriptor d = ProviderDescriptor.builder("acedata", "AceData", BASE)
                    .actions(ActionKind.IMAGINE, ActionKind.UPSCALE)
                    .features(Feature.BATCH_FETCH, Feature.CANCEL)
                    .speedModes(SpeedMode.FAST, SpeedMode.RELAX)
                    .maxBatchSize(20)
                    .minPollInterval(Duration.ofSeconds(3))
                    .maxPollsPerTask(100)
                    .build();

            // then
            assertThat(d.id()).isEqualTo("acedata");
            assertThat(d.displayName()).isEqualTo("AceData");
            assertThat(d.spiVersion()).isEqualTo(MjProviderFactory.SPI_VERSION);
            assertThat(d.defaultBaseUri()).isEqualTo(BASE);
            assertThat(d.supports(ActionKind.IMAGINE)).isTrue();
            assertThat(d.supports(ActionKind.BLEND)).isFalse();
            assertThat(d.has(Feature.CANCEL)).isTrue();
            assertThat(d.has(Feature.CALLBACKS)).isFalse();
            assertThat(d.speedModes()).containsExactlyInAnyOrder(SpeedMode.FAST, SpeedMode.RELAX);
            assertThat(d.maxBatchSize()).isEqualTo(20);
            assertThat(d.minPollInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(d.maxPollsPerTask()).isEqualTo(100);
        }

        @Test
        @DisplayName("the builder tolerates a value given twice")
        void builderToleratesDuplicates() {
            // when
            ProviderDescriptor d = ProviderDescriptor.builder("acedata", "AceData", BASE)
                    .actions(ActionKind.IMAGINE, ActionKind.IMAGINE)
                    .features(Feature.CANCEL, Feature.CANCEL)
                    .speedModes(SpeedMode.FAST, SpeedMode.FAST)
                    .build();

            // then
            assertThat(d.actions()).containsExactly(ActionKind.IMAGINE);
            assertThat(d.features()).containsExactly(Feature.CANCEL);
            assertThat(d.speedModes()).containsExactly(SpeedMode.FAST);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"acedata", "mj-proxy", "a", "x1", "gptunnel-2"})
        @DisplayName("accepts lower-case ids of letters, digits and dashes starting with a letter")
        void validIds(String id) {
            assertThat(ProviderDescriptor.builder(id, "X", BASE).build().id()).isEqualTo(id);
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"AceData", "1abc", "-x", "mj_proxy", "", "mj proxy", "mj.proxy"})
        @DisplayName("rejects other ids, naming id")
        void invalidIds(String id) {
            assertThatThrownBy(() -> ProviderDescriptor.builder(id, "X", BASE).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("id:");
            assertThatThrownBy(() -> ProviderDescriptor.builder(null, "X", BASE).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("id:");
        }

        @ParameterizedTest(name = "BATCH_FETCH={0}, maxBatchSize={1} -> valid={2}")
        @CsvSource({
                "true,  1,  true",
                "true,  50, true",
                "false, 0,  true",
                "true,  0,  false",
                "false, 10, false",
                "false, -1, false",
                "true,  -1, false"})
        @DisplayName("maxBatchSize is positive exactly when BATCH_FETCH is declared, and 0 otherwise")
        void batchConsistency(boolean batchFetch, int maxBatchSize, boolean valid) {
            // given
            ProviderDescriptor.Builder b = ProviderDescriptor.builder("x", "X", BASE).maxBatchSize(maxBatchSize);
            if (batchFetch) {
                b.features(Feature.BATCH_FETCH);
            }

            // then
            if (valid) {
                assertThat(b.build().maxBatchSize()).isEqualTo(maxBatchSize);
            } else {
                assertThatThrownBy(b::build)
                        .isInstanceOf(InvalidRequestException.class)
                        .hasMessageStartingWith("maxBatchSize:")
                        .hasMessageContaining("BATCH_FETCH");
            }
        }

        @Test
        @DisplayName("rejects a negative poll budget")
        void negativePolls() {
            assertThatThrownBy(() -> ProviderDescriptor.builder("x", "X", BASE).maxPollsPerTask(-1).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("maxPollsPerTask:");
        }

        @Test
        @DisplayName("a factory's id defaults to its descriptor's id")
        void factoryIdDefault() {
            // given
            MjProviderFactory factory = new MjProviderFactory() {
                @Override
                public ProviderDescriptor descriptor() {
                    return ProviderDescriptor.builder("ref-vendor", "Ref", BASE).build();
                }

                @Override
                public MjProvider create(ProviderContext context) {
                    throw new UnsupportedOperationException();
                }
            };

            // then
            assertThat(factory.id()).isEqualTo("ref-vendor");
        }
    }

    @Nested
    @DisplayName("ProviderContext")
    class Context {

        private ProviderContext context(String base, Credentials credentials, Map<String, String> options) {
            return new ProviderContext("acedata", URI.create(base), credentials, NO_NETWORK, CLOCK,
                    Optional.of(URI.create("https://app.example.com/callback")), options);
        }

        @ParameterizedTest(name = "{0} + {1} = {2}")
        @CsvSource({
                "https://api.example.com,               /mj/submit, https://api.example.com/mj/submit",
                "https://api.example.com/,              /mj/submit, https://api.example.com/mj/submit",
                "https://api.example.com/prefix,        /mj/submit, https://api.example.com/prefix/mj/submit",
                "https://api.example.com/prefix/,       /mj/submit, https://api.example.com/prefix/mj/submit",
                "https://api.example.com/prefix,        mj/submit,  https://api.example.com/prefix/mj/submit",
                "https://api.example.com/a/b,           task/fetch?id=1, https://api.example.com/a/b/task/fetch?id=1",
                "http://localhost:8080/mj-proxy,        /mj/task/1/fetch, http://localhost:8080/mj-proxy/mj/task/1/fetch"})
        @DisplayName("resolve keeps the base URI's path prefix")
        void resolveKeepsPrefix(String base, String path, String expected) {
            assertThat(context(base, Credentials.none(), Map.of()).resolve(path)).isEqualTo(URI.create(expected));
        }

        @Test
        @DisplayName("toString hides the credentials and the option values")
        void toStringHidesSecrets() {
            // given
            ProviderContext ctx = context("https://api.example.com", Credentials.apiKey("sk-secret-key"),
                    Map.of("webhookSecret", "hush-hush"));

            // when
            String shown = ctx.toString();

            // then
            assertThat(shown).doesNotContain("sk-secret-key").doesNotContain("hush-hush")
                    .contains("acedata").contains("https://api.example.com").contains("apiKey=****")
                    .contains("webhookSecret");
        }

        @Test
        @DisplayName("option(key) reads a vendor option, and the options are copied")
        void options() {
            // given
            Map<String, String> source = new HashMap<>(Map.of("mode", "fast"));
            ProviderContext ctx = context("https://api.example.com", Credentials.none(), source);

            // when
            source.put("mode", "relax");

            // then
            assertThat(ctx.option("mode")).contains("fast");
            assertThat(ctx.option("missing")).isEmpty();
        }

        @Test
        @DisplayName("a relative base URI is rejected, naming baseUri")
        void relativeBase() {
            assertThatThrownBy(() -> context("/api", Credentials.none(), Map.of()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("baseUri:");
        }
    }

    @Nested
    @DisplayName("SubmitRequest")
    class Request {

        private final TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED)
                .vendorTaskId("job-1").vendorState("image_id", "img-1").build();

        @Test
        @DisplayName("a root action needs no parent")
        void rootWithoutParent() {
            assertThatCode(() -> new SubmitRequest(Action.Imagine.of("a fox"), Optional.empty(), "ref-1"))
                    .doesNotThrowAnyException();
            assertThatCode(() -> new SubmitRequest(new Action.Custom("x", Map.of(), false), Optional.empty(), "ref-1"))
                    .doesNotThrowAnyException();
        }

        @Test
        @DisplayName("a follow-up without a parent is rejected, naming the action kind")
        void followUpWithoutParent() {
            assertThatThrownBy(() -> new SubmitRequest(new Action.Upscale(1), Optional.empty(), "ref-1"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("UPSCALE")
                    .hasMessageContaining("parent");
            assertThatThrownBy(() -> new SubmitRequest(new Action.Custom("x", Map.of(), true), Optional.empty(), "ref-1"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("CUSTOM");
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "  "})
        @DisplayName("a blank client reference is rejected")
        void blankReference(String reference) {
            assertThatThrownBy(() -> new SubmitRequest(Action.Imagine.of("a"), Optional.empty(), reference))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("clientReference:");
        }

        @Test
        @DisplayName("parentState and parentVendorTaskId read the parent")
        void readsParent() {
            // given
            SubmitRequest request = new SubmitRequest(new Action.Upscale(2), Optional.of(parent), "ref-1");

            // then
            assertThat(request.requireParent()).isSameAs(parent);
            assertThat(request.parentVendorTaskId()).isEqualTo("job-1");
            assertThat(request.parentState("image_id")).isEqualTo("img-1");
        }

        @Test
        @DisplayName("parentState names the missing key")
        void parentStateMissing() {
            // given
            SubmitRequest request = new SubmitRequest(new Action.Upscale(2), Optional.of(parent), "ref-1");

            // then
            assertThatThrownBy(() -> request.parentState("customId:U2"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("'customId:U2'")
                    .hasMessageContaining("UPSCALE");
        }

        @Test
        @DisplayName("parentVendorTaskId fails when the parent has no vendor id")
        void parentWithoutVendorId() {
            // given
            TaskSnapshot refused = TaskSnapshot.builder(TaskStatus.FAILED)
                    .failure(Failure.of(FailureCategory.INVALID_REQUEST, "no")).build();
            SubmitRequest request = new SubmitRequest(new Action.Reroll(), Optional.of(refused), "ref-1");

            // then
            assertThatThrownBy(request::parentVendorTaskId)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("REROLL")
                    .hasMessageContaining("vendor task id");
        }

        @Test
        @DisplayName("requireParent fails for a root action sent without parent")
        void requireParentWithoutParent() {
            SubmitRequest request = new SubmitRequest(Action.Imagine.of("a"), Optional.empty(), "ref-1");
            assertThatThrownBy(request::requireParent)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("IMAGINE");
            assertThatThrownBy(() -> request.parentState("x")).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Nested
    @DisplayName("SubmitReceipt")
    class Receipt {

        @Test
        @DisplayName("of(id) has no snapshot")
        void ofId() {
            // when
            SubmitReceipt receipt = SubmitReceipt.of("job-1");

            // then
            assertThat(receipt.vendorTaskId()).isEqualTo("job-1");
            assertThat(receipt.snapshot()).isEmpty();
        }

        @Test
        @DisplayName("of(snapshot) takes the snapshot's vendor id")
        void ofSnapshot() {
            // given
            TaskSnapshot first = TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("job-1").build();

            // when
            SubmitReceipt receipt = SubmitReceipt.of(first);

            // then
            assertThat(receipt.vendorTaskId()).isEqualTo("job-1");
            assertThat(receipt.snapshot()).contains(first);
        }

        @Test
        @DisplayName("a snapshot with another vendor id is rejected")
        void mismatchedSnapshot() {
            // given
            TaskSnapshot other = TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("job-2").build();

            // then
            assertThatThrownBy(() -> new SubmitReceipt("job-1", Optional.of(other)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("snapshot:")
                    .hasMessageContaining("job-1");
        }

        @Test
        @DisplayName("a snapshot without vendor id cannot make a receipt")
        void snapshotWithoutVendorId() {
            // given
            TaskSnapshot refused = TaskSnapshot.builder(TaskStatus.FAILED)
                    .failure(Failure.of(FailureCategory.VENDOR_ERROR, "no")).build();

            // then
            assertThatThrownBy(() -> SubmitReceipt.of(refused))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("vendorTaskId:");
            assertThatThrownBy(() -> new SubmitReceipt("job-1", Optional.of(refused)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("snapshot:");
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", " "})
        @DisplayName("a blank vendor id is rejected")
        void blankId(String id) {
            assertThatThrownBy(() -> SubmitReceipt.of(id))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("vendorTaskId:");
        }
    }

    @Nested
    @DisplayName("MjProvider defaults")
    class ProviderDefaults {

        private final MjProvider minimal = new MjProvider() {
            @Override
            public SubmitReceipt submit(SubmitRequest request) {
                return SubmitReceipt.of("job-1");
            }

            @Override
            public TaskSnapshot fetch(TaskRef task) {
                return TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(task.vendorTaskId()).build();
            }
        };

        @Test
        @DisplayName("optional operations throw UnsupportedActionException unless implemented")
        void optionalOperations() {
            TaskRef ref = TaskRef.of("job-1", ActionKind.IMAGINE);
            assertThatThrownBy(() -> minimal.fetchBatch(List.of(ref))).isInstanceOf(UnsupportedActionException.class);
            assertThatThrownBy(() -> minimal.cancel(ref)).isInstanceOf(UnsupportedActionException.class);
            assertThatThrownBy(() -> minimal.parseCallback(Map.of(), new byte[0])).isInstanceOf(UnsupportedActionException.class);
            assertThatThrownBy(minimal::balance).isInstanceOf(UnsupportedActionException.class);
            assertThatThrownBy(() -> minimal.lookup("ref-1")).isInstanceOf(UnsupportedActionException.class);
        }
    }
}
