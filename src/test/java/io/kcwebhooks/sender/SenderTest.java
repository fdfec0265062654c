package io.kcwebhooks.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.it.support.HostileReceiver;
import io.kcwebhooks.it.support.HostileReceiver.Mode;
import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.subscription.Secrets;
import io.kcwebhooks.subscription.SendOptions;
import io.kcwebhooks.vetting.AddressRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sender against receivers that misbehave at the HTTP level, without a server around it: each
 * attempt must end within the attempt timeout with an outcome that can be stored.
 */
class SenderTest {

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  private static final long SLACK_MILLIS = 1_000;

  private static HostileReceiver receiver;
  private static Sender sender;

  @BeforeAll
  static void start() throws Exception {
    receiver = HostileReceiver.start();
    sender =
        new Sender(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            ATTEMPT_TIMEOUT,
            4,
            AddressRules.withAllowList(List.of("127.0.0.1/32")),
            Executors.defaultThreadFactory(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    sender.close();
    receiver.close();
  }

  @Test
  void aHugeHeaderLineIsRefusedAtOnce() {
    AttemptOutcome outcome = send(Mode.HUGE_HEADER_LINE);
    assertThat(outcome.httpStatus()).isNull();
    assertThat(outcome.error()).isEqualTo("answer refused: Maximum line length limit exceeded");
    assertThat(outcome.durationMs()).isLessThan(ATTEMPT_TIMEOUT.toMillis());
  }

  @Test
  void tooManyHeadersAreRefusedAtOnce() {
    AttemptOutcome outcome = send(Mode.MANY_HEADERS);
    assertThat(outcome.httpStatus()).isNull();
    assertThat(outcome.error()).isEqualTo("answer refused: Maximum header count exceeded");
    assertThat(outcome.durationMs()).isLessThan(ATTEMPT_TIMEOUT.toMillis());
  }

  @Test
  void anEndlessBodyIsCutAfterTheExcerptWithoutReadingTheRest() {
    AttemptOutcome outcome = send(Mode.ENDLESS_BODY);
    assertThat(outcome.httpStatus()).isEqualTo(500);
    assertThat(outcome.responseExcerpt()).isEqualTo("z".repeat(Sender.RESPONSE_EXCERPT_BYTES));
    assertThat(outcome.durationMs()).isLessThan(ATTEMPT_TIMEOUT.toMillis());
  }

  @Test
  void aBodyWithNulAndInvalidUtf8IsStoredAsCleanText() {
    AttemptOutcome outcome = send(Mode.NUL_AND_INVALID_UTF8);
    assertThat(outcome.httpStatus()).isEqualTo(500);
    assertThat(outcome.responseExcerpt())
        .startsWith("broken�body ")
        .endsWith("(��.")
        .doesNotContain("\u0000");
    assertThat(outcome.responseExcerpt().getBytes(StandardCharsets.UTF_8)).doesNotContain((byte) 0);
  }

  @Test
  void aTrickledAnswerEndsAtTheAttemptTimeout() {
    AttemptOutcome outcome = send(Mode.TRICKLE);
    assertThat(outcome.httpStatus()).isNull();
    assertThat(outcome.error()).isEqualTo("attempt timed out after 3s");
    assertThat(outcome.durationMs())
        .isBetween(ATTEMPT_TIMEOUT.toMillis(), ATTEMPT_TIMEOUT.toMillis() + SLACK_MILLIS);
  }

  @Test
  void aReceiverThatNeverAnswersEndsAtTheResponseTimeout() {
    AttemptOutcome outcome = send(Mode.SILENT);
    assertThat(outcome.httpStatus()).isNull();
    assertThat(outcome.error()).isEqualTo("response timeout");
    assertThat(outcome.durationMs()).isLessThan(ATTEMPT_TIMEOUT.toMillis());
  }

  @Test
  void aHealthyReceiverStillWorks() {
    AttemptOutcome outcome = send(Mode.HEALTHY);
    assertThat(outcome.httpStatus()).isEqualTo(204);
    assertThat(outcome.error()).isNull();
  }

  private static AttemptOutcome send(Mode mode) {
    String id = UUID.randomUUID().toString();
    ClaimedDelivery delivery =
        new ClaimedDelivery(
            id,
            "webhook",
            "realm",
            "access.LOGIN",
            1,
            1,
            "token",
            ProducingRequest.NONE,
            ("{\"uid\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    AttemptOutcome outcome =
        sender
            .send(
                new Endpoint(
                    "webhook", receiver.url(mode), Secrets.of("secret"), SendOptions.DEFAULT),
                delivery,
                Map.of())
            .outcome();
    assertThat(receiver.requests(id)).isEqualTo(1);
    return outcome;
  }
}
