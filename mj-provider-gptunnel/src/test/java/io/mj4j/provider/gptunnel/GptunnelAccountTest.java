package io.mj4j.provider.gptunnel;

import io.mj4j.provider.gptunnel.internal.GptunnelOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.mj4j.provider.gptunnel.GptunnelStubs.create;
import static io.mj4j.provider.gptunnel.GptunnelStubs.error;
import static io.mj4j.provider.gptunnel.GptunnelStubs.imagine;
import static io.mj4j.provider.gptunnel.GptunnelStubs.ok;
import static io.mj4j.provider.gptunnel.GptunnelStubs.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("GPTunnel account matters: auth header, cost, balance and options")
class GptunnelAccountTest extends GptunnelWireMockTest {
    private static final String ID = "65589df803761c00010775ae";
    private static final SubmitRequest IMAGINE = new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "ref-1");

    @Test
    @DisplayName("the key travels bare in Authorization, without 'Bearer' (gptunnel.md §1)")
    void bareKey() {
        new GptunnelStubs().submitAccepted(wm(), ID);
        provider().submit(IMAGINE);
        assertThat(requests().get(0).getRequest().getHeader("Authorization")).isEqualTo(KEY);
        assertThat(requests().get(0).getRequest().getHeader("Content-Type")).startsWith("application/json");
    }

    @Test
    @DisplayName("the imagine receipt is QUEUED and carries the creation cost in roubles; a later zero cost on /result is omitted")
    void costAtCreation() {
        new GptunnelStubs().submitAccepted(wm(), ID);
        SubmitReceipt r = provider().submit(IMAGINE);
        TaskSnapshot first = r.snapshot().orElseThrow();
        assertThat(first.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(first.usage()).hasValue(new Usage(new BigDecimal("18"), "RUB"));
        new GptunnelStubs().succeededGrid(wm(), ID);
        assertThat(provider().fetch(TaskRef.of(ID, ActionKind.IMAGINE)).usage()).isEmpty();
    }

    @Test
    @DisplayName("a repeated request answered with the finished task is accepted as the submit reply (gptunnel.md §10)")
    void repeatedRequestReturnsFinishedTask() {
        wm().register(imagine().willReturn(ok(Fixtures.load("done-grid.json", "id", ID))));
        SubmitReceipt r = provider().submit(IMAGINE);
        assertThat(r.vendorTaskId()).isEqualTo(ID);
        assertThat(r.snapshot().orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(r.snapshot().orElseThrow().usage()).hasValue(new Usage(new BigDecimal("0"), "RUB"));
    }

    @Test
    @DisplayName("use_wallet_balance=true adds useWalletBalance to create calls and to the balance query")
    void walletOption() {
        wm().register(create("imagine").withRequestBody(equalToJson("{\"prompt\": \"" + ProviderConformanceKit.IMAGINE.prompt().render()
                + "\", \"useWalletBalance\": true}")).willReturn(ok(Fixtures.load("imagine-created.json", "id", ID))));
        wm().register(get(urlPathEqualTo("/v1/balance")).withQueryParam("useWalletBalance", equalTo("true"))
                .withHeader("Authorization", equalTo(KEY)).willReturn(ok(Fixtures.load("balance.json"))));
        MjProvider p = provider(Map.of("useWalletBalance", "TRUE"));
        assertThat(p.submit(IMAGINE).vendorTaskId()).isEqualTo(ID);
        assertThat(p.balance().amount()).isEqualByComparingTo("-51.54397");
    }

    @Test
    @DisplayName("the balance is read in roubles and may be negative (gptunnel.md §3.7)")
    void balance() {
        wm().register(get(urlPathEqualTo("/v1/balance")).withHeader("Authorization", equalTo(KEY)).willReturn(ok(Fixtures.load("balance.json"))));
        Balance b = provider().balance();
        assertThat(b.amount()).isEqualByComparingTo("-51.54397");
        assertThat(b.unit()).isEqualTo("RUB");
        assertThat(requests().get(0).getRequest().getUrl()).isEqualTo("/v1/balance");
    }

    @Test
    @DisplayName("a refused balance read is an AuthenticationException")
    void balanceUnauthorized() {
        wm().register(get(urlPathEqualTo("/v1/balance")).willReturn(error(401, "error-unauthorized.txt")));
        assertThat(catchThrowable(() -> provider().balance())).isInstanceOf(AuthenticationException.class);
    }

    @Test
    @DisplayName("a bad option value fails create() naming the option")
    void badOptionValue() {
        assertThat(catchThrowable(() -> provider(Map.of(GptunnelOptions.MASK_DATA_URI, "yes"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("mask_data_uri").hasMessageContaining("'yes'");
    }

    @Test
    @DisplayName("an unknown option fails create() naming it and the known ones")
    void unknownOption() {
        assertThat(catchThrowable(() -> provider(Map.of("wallet", "true"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'wallet'").hasMessageContaining("use_wallet_balance");
    }

    @Test
    @DisplayName("without an API key, a submit fails with AuthenticationException before any request")
    void noKey() {
        MjProvider p = provider(call -> { throw new AssertionError("nothing may be sent"); }, Credentials.none(), Map.of());
        assertThat(catchThrowable(() -> p.submit(IMAGINE))).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("MJ_GPTUNNEL_API_KEY");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("the provider is found under 'gptunnel' and its toString hides the key")
    void toStringHidesKey() {
        assertThat(new GptunnelProviderFactory().id()).isEqualTo("gptunnel");
        assertThat(provider().toString()).doesNotContain(KEY).contains("GptunnelProvider", "useWalletBalance=false");
    }

    @Test
    @DisplayName("the result poll is a GET with the id as the taskId query parameter (gptunnel.md §3.2)")
    void resultIsGetWithQuery() {
        wm().register(result(ID).willReturn(ok(Fixtures.task(ID, "idle", 0, "null", "null"))));
        provider().fetch(TaskRef.of(ID, ActionKind.IMAGINE));
        assertThat(requests().get(0).getRequest().getUrl()).isEqualTo("/v1/midjourney/result?taskId=" + ID);
        assertThat(requests().get(0).getRequest().getMethod().getName()).isEqualTo("GET");
    }
}
