package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendOptionsTest {

  @Test
  void customHeadersAndALimitAreAccepted() {
    SendOptions options =
        SendOptions.DEFAULT
            .withMaxRequestsPerSecond(50)
            .withHeaders(Map.of("X-Api-Key", "k3y", "X-Tenant", "acme"));

    assertThat(options.problem()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "content-type",
        "Host",
        "webhook-id",
        "Webhook-Signature",
        "traceparent"
      })
  void headersTheServerSetsCannotBeConfigured(String name) {
    assertThat(SendOptions.DEFAULT.withHeaders(Map.of(name, "x")).problem())
        .contains(name)
        .contains("set by the server");
  }

  @Test
  void aValueWithALineBreakIsRefusedWithoutQuotingIt() {
    String problem =
        SendOptions.DEFAULT.withHeaders(Map.of("X-Api-Key", "s3cret\r\nX-Evil: 1")).problem();

    assertThat(problem).contains("X-Api-Key").doesNotContain("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"**********", "Bearer **********", "${API_KEY}", "<api-key>"})
  void aMaskedOrPlaceholderValueIsRefused(String value) {
    assertThat(SendOptions.DEFAULT.withHeaders(Map.of("X-Api-Key", value)).problem())
        .contains("placeholder or a masked value");
  }

  @Test
  void aNameThatIsNotAnHttpTokenIsRefused() {
    assertThat(SendOptions.DEFAULT.withHeaders(Map.of("X Api", "v")).problem())
        .contains("a name must be");
  }

  @Test
  void atMostTenHeaders() {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i <= SendOptions.MAX_HEADERS; i++) {
      headers.put("X-H" + i, "v");
    }

    assertThat(SendOptions.DEFAULT.withHeaders(headers).problem()).contains("at most 10");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, SendOptions.MAX_REQUESTS_PER_SECOND + 1})
  void aLimitOutOfRangeIsRefused(int perSecond) {
    assertThat(SendOptions.DEFAULT.withMaxRequestsPerSecond(perSecond).problem())
        .contains("maxRequestsPerSecond");
  }
}
