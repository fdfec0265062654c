package io.kcwebhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

  @Test
  void toStringHidesTheSecretAndHeaderValues() {
    String body =
        """
        {"url": "https://example.com/hook", "secret": "s3cret-value-1",
         "eventTypes": ["*"], "headers": {"X-Api-Key": "key-value-1"}}""";
    WebhookRequest request =
        WebhookRequest.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));

    assertThat(request.secret()).isEqualTo("s3cret-value-1");
    assertThat(request.toString())
        .contains("https://example.com/hook", "X-Api-Key", "(hidden)")
        .doesNotContain("s3cret-value-1")
        .doesNotContain("key-value-1");
  }
}
