package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;

/** A claimed delivery and where to send it. */
record SendJob(ClaimedDelivery delivery, Endpoint endpoint) {}
